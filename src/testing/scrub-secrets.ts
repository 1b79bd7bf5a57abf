import { redactSecrets as redactAll } from "../errors/redact-secrets.ts";

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|openai-organization|openai-project|anthropic-organization-id)$|api[-_]?key|secret|session|auth-token|access-token/i;
const SECRET_PARAM = /key|token|secret|signature|auth/i;
const MIN_SECRET_LENGTH = 8;
/** What replaces a secret in a cassette. */
export const REDACTED = "[REDACTED]";

/**
 * Drops credential-bearing headers (API keys, auth, cookies, organisation and project ids) and
 * adds their values to `secrets`, so they can also be scrubbed wherever else they appear.
 */
export function scrubHeaders(
  headers: Record<string, string>,
  secrets: Set<string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADER.test(name)) {
      kept[name] = value;
      continue;
    }
    for (const part of [value, ...value.split(/\s+/)]) {
      if (part.length >= MIN_SECRET_LENGTH) secrets.add(part);
    }
  }
  return kept;
}

/** Removes credential-looking query parameters from a URL. */
export function scrubUrl(url: string, secrets: Set<string>): string {
  const parsed = new URL(url);
  for (const [name, value] of [...parsed.searchParams]) {
    if (!SECRET_PARAM.test(name)) continue;
    parsed.searchParams.delete(name);
    if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
  }
  return parsed.toString();
}

/** Replaces every known secret and anything shaped like an API key (`sk-…`) in `text`. */
export function redactSecrets(text: string, secrets: ReadonlySet<string>): string {
  return redactAll(text, { secrets, replacement: REDACTED });
}
