const KEY_LIKE = /\b(sk-(?:ant-|proj-|or-)?|gsk_|xai-)[A-Za-z0-9_*.-]{6,}/g;

/** Replaces each secret, and anything shaped like an API key, with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    // Short values (placeholders such as "ollama") would mangle ordinary words.
    if (secret.length >= 8) redacted = redacted.split(secret).join("***");
  }
  return redacted.replace(KEY_LIKE, "$1***");
}

/** Redacts the message and stack of an error in place (SDK errors may echo the key back). */
export function redactError(error: unknown, secrets: readonly string[]): void {
  if (!(error instanceof Error)) return;
  try {
    error.message = redactSecrets(error.message, secrets);
    if (error.stack !== undefined) error.stack = redactSecrets(error.stack, secrets);
  } catch {
    // A frozen or exotic error stays as it is; ours never carries its text.
  }
}
