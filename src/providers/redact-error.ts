import { redactSecrets } from "../errors/redact-secrets.ts";

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactSecrets(value, { secrets });
  if (typeof value !== "object" || value === null || value instanceof Headers) return value;
  try {
    const json = JSON.stringify(value);
    const redacted = redactSecrets(json, { secrets });
    return redacted === json ? value : JSON.parse(redacted);
  } catch {
    return value;
  }
}

/**
 * Redacts an SDK error in place: message, stack and the parsed error body it keeps (providers
 * echo a rejected key back in 401 messages), so the error can be kept as `cause`.
 */
export function redactError(error: unknown, secrets: readonly string[]): void {
  if (!(error instanceof Error)) return;
  for (const key of ["message", "stack", ...Object.keys(error)]) {
    try {
      const value: unknown = Reflect.get(error, key);
      const redacted = redactValue(value, secrets);
      if (redacted !== value) Reflect.set(error, key, redacted);
    } catch {
      // A frozen or exotic error stays as it is; ours never carries its text.
    }
  }
}
