import { redactSecrets as redactAll } from "../errors/redact-secrets.ts";

/**
 * Header and query parameter names that carry credentials: anything named like a key, token,
 * secret, auth, password, credential, cookie, session or signature, plus the account ids the SDKs
 * send.
 */
const SECRET_NAME =
  /key|token|secret|auth|passw|pwd|credential|cookie|session|signature|^(openai-organization|openai-project|anthropic-organization-id)$/i;
/** Named like a secret but holding none: rate-limit counts (`x-ratelimit-remaining-tokens`), idempotency keys. */
const NOT_SECRET_NAME = /ratelimit|^idempotency-key$/i;
/** An authorization scheme in front of a credential (`Bearer …`, `Basic …`). */
const SCHEME = /^(bearer|basic|token|digest)\s+/i;
/** Shorter values are not searched for elsewhere: replacing them everywhere would garble the text. */
const MIN_SECRET_LENGTH = 8;
/** What replaces a secret. */
export const REDACTED = "[REDACTED]";

/** True when a header or query parameter name says it carries a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** `Set-Cookie` attributes: named like pairs, holding no secret. */
const COOKIE_ATTRIBUTE =
  /^(path|domain|expires|max-age|samesite|secure|httponly|partitioned|priority)$/i;

/** The values of `name=value` pairs (cookies, `Signature=…` parameters), attributes left out. */
function pairValues(value: string): string[] {
  return value.split(/[;,]/).flatMap((segment) => {
    const equals = segment.indexOf("=");
    if (equals < 0 || COOKIE_ATTRIBUTE.test(segment.slice(0, equals).trim())) return [];
    return [segment.slice(equals + 1).trim()];
  });
}

/** The password of a `Basic` credential (`base64(user:password)`), when it decodes to one. */
function basicPassword(encoded: string): string[] {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? [] : [decoded, decoded.slice(colon + 1)];
}

/**
 * Adds a credential's value to `secrets` in every form it may appear in elsewhere: whole, without
 * its scheme (`Bearer`), each word or `name=value` pair value (cookies), a Basic password, and
 * URL-encoded.
 */
function addSecret(value: string, secrets: Set<string>): void {
  const whole = value.trim();
  const credential = whole.replace(SCHEME, "");
  const parts = [whole, credential];
  parts.push(...(credential.includes("=") ? pairValues(credential) : credential.split(/\s+/)));
  if (/^basic\s/i.test(whole)) parts.push(...basicPassword(credential));
  for (const part of parts) {
    if (part.length < MIN_SECRET_LENGTH) continue;
    secrets.add(part);
    secrets.add(encodeURIComponent(part));
  }
}

/**
 * Drops credential-bearing headers (for cassettes) and adds their values to `secrets`, so they
 * can also be scrubbed wherever else they appear.
 */
export function scrubHeaders(
  headers: Record<string, string>,
  secrets: Set<string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (isSecretName(name)) addSecret(value, secrets);
    else kept[name] = value;
  }
  return kept;
}

/**
 * Keeps credential-bearing headers but replaces their values, however short, by `[REDACTED]`
 * (after the scheme: `Bearer [REDACTED]`), and adds the values to `secrets`. For the request log
 * and errors, where a test may check that a credential was sent but must never show it.
 */
export function redactHeaders(
  headers: Record<string, string>,
  secrets: Set<string>,
): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretName(name) || value === "" || value.endsWith(REDACTED)) {
      redacted[name] = value;
      continue;
    }
    addSecret(value, secrets);
    redacted[name] = `${SCHEME.exec(value)?.[0] ?? ""}${REDACTED}`;
  }
  return redacted;
}

/** Removes credential-looking query parameters from a URL (for cassettes), adding their values to `secrets`. */
export function scrubUrl(url: string, secrets: Set<string>): string {
  const parsed = new URL(url);
  for (const [name, value] of [...parsed.searchParams]) {
    if (!isSecretName(name)) continue;
    parsed.searchParams.delete(name);
    addSecret(value, secrets);
  }
  return parsed.toString();
}

/** Replaces the values of credential-looking query parameters by `[REDACTED]`, adding them to `secrets`. */
export function redactUrl(url: string, secrets: Set<string>): string {
  const parsed = URL.parse(url);
  const params = [...(parsed?.searchParams ?? [])];
  if (parsed === null || !params.some(([name, value]) => isSecretName(name) && value !== REDACTED))
    return url;
  parsed.search = new URLSearchParams(
    params.map(([name, value]): [string, string] => {
      if (!isSecretName(name)) return [name, value];
      addSecret(value, secrets);
      return [name, REDACTED];
    }),
  ).toString();
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/**
 * Replaces every known secret and what the project's `redactSecrets` hides (keys shaped like
 * `sk-…`, bearer tokens, secret-named environment variables) in `text` by `[REDACTED]`.
 */
export function scrubText(text: string, secrets: ReadonlySet<string>): string {
  return redactAll(text, { secrets, replacement: REDACTED });
}
