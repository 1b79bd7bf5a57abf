/** Options of `redactSecrets`. */
export interface RedactOptions {
  /** Exact values to hide, e.g. the API key in use. Values shorter than 8 characters are ignored. */
  secrets?: Iterable<string>;
  /** An environment whose secret-named variables (`*KEY*`, `*TOKEN*`, …) are hidden too; `false` for none. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | false;
  /** @default "[redacted]" */
  replacement?: string;
}

const MIN_SECRET_LENGTH = 8;
/**
 * `"api_key": "…"` in JSON (or with single quotes): only a quoted string value is replaced, so
 * the JSON stays valid. A bare `"token"` key is not a secret's name there: it is what model APIs
 * call a piece of text (logprobs), and `"max_tokens": 5` is a number.
 */
const QUOTED_PAIR =
  /((["'])(?:[\w-]*(?:api[_-]?key|secret|password|passwd|pwd)|[\w-]*[a-z0-9][_-]?token)\2\s*:\s*(["']))(?:\\.|(?!\3)[^\\])+(?=\3)/gi;
/** `password=…`, `token: …` in plain text (a query string, a log line). */
const TEXT_PAIR =
  /((?<!["'])\b(?:[\w-]*?)(?:api[_-]?key|secret|token|password|passwd|pwd)\s*[:=]\s*)[^\s"',;&]+/gi;
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

/**
 * Hides secrets in text bound for a model, an error, an event, a log or a file: the given
 * values (also JSON-escaped), secret-named environment variables, passwords in connection
 * strings, bearer tokens, well-known API key shapes, and `password=…`-style pairs. The one
 * place the framework does this, so every path hides the same things.
 */
export function redactSecrets(text: string, options: RedactOptions = {}): string {
  const { env = process.env, replacement = "[redacted]" } = options;
  const values = new Set<string>();
  for (const secret of options.secrets ?? [])
    if (secret.length >= MIN_SECRET_LENGTH) values.add(secret);
  if (env !== false) {
    for (const [name, value] of Object.entries(env)) {
      if (value !== undefined && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name))
        values.add(value);
    }
  }
  let out = text;
  // Longest first, so a bearer value is not half-replaced by the key it contains.
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(replacement);
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) out = out.split(escaped).join(replacement);
  }
  return out
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${replacement}@`)
    .replace(/\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}/gi, `$1 ${replacement}`)
    .replace(
      /\b(?:sk-(?:ant-|proj-|or-)?[a-z0-9_*.-]{6,}|gsk_[a-z0-9]{8,}|xai-[a-z0-9]{8,}|(?:sess|rk)-[a-z0-9_-]{8,}|gh[pousr]_[a-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[abpr]-[a-z0-9-]{10,}|AIza[0-9a-z_-]{30,})/gi,
      replacement,
    )
    .replace(QUOTED_PAIR, `$1${replacement}`)
    .replace(TEXT_PAIR, `$1${replacement}`);
}
