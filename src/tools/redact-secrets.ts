const PATTERNS: readonly [RegExp, string][] = [
  // scheme://user:password@host → keep the user, hide the password
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, "$1[redacted]@"],
  // Authorization headers and bearer tokens
  [/\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
  // API keys with well-known prefixes (OpenAI, Anthropic, GitHub, AWS, Slack, Google)
  [
    /\b(sk-ant-[a-z0-9_-]{8,}|sk-[a-z0-9_-]{16,}|gh[pousr]_[a-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[abpr]-[a-z0-9-]{10,}|AIza[0-9a-z_-]{30,})/gi,
    "[redacted]",
  ],
  // key=value / "key": "value" pairs whose key names a secret
  [
    /((?:api[_-]?key|secret|token|password|passwd|pwd)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
    "$1[redacted]",
  ],
];

/**
 * Hides secrets in text that is about to reach a model, an event or a log: passwords in
 * connection strings, bearer tokens, well-known API key formats, `password=…` pairs, and the
 * values of environment variables whose names say they are secret.
 */
export function redactSecrets(
  text: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  for (const [name, value] of Object.entries(env)) {
    if (
      value !== undefined &&
      value.length >= 8 &&
      /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i.test(name)
    ) {
      out = out.split(value).join("[redacted]");
    }
  }
  return out;
}
