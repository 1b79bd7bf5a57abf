import type { JsonValue } from "../../messages/json.ts";

/**
 * The key of the wrapper that carries, as a JSON string, a value `jsonb` cannot hold: a string
 * with U+0000 or a lone UTF-16 surrogate (both valid in JSON and in JavaScript strings, and
 * model or tool output can carry them). Only such values, and values that look like the wrapper
 * themselves, are wrapped, so every other value stays plain `jsonb` that SQL can read.
 */
const WRAPPER = "$alice.json";
/** `\u0000` or an escaped lone surrogate as `JSON.stringify` writes them (over-matching is harmless). */
const UNSTORABLE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** The text to send as a `$n::jsonb` parameter for a value's JSON text. */
export function toJsonColumn(json: string): string {
  const wrap =
    UNSTORABLE.test(json) || (json.startsWith(`{"${WRAPPER}"`) && isWrapper(JSON.parse(json)));
  return wrap ? JSON.stringify({ [WRAPPER]: json }) : json;
}

/** The value read back from a column as text (`column::text`). */
export function fromJsonColumn(text: string): JsonValue {
  return fromJsonValue(JSON.parse(text) as JsonValue);
}

/** The value of a column already parsed (inside `json_agg`). */
export function fromJsonValue(value: JsonValue): JsonValue {
  return isWrapper(value)
    ? (JSON.parse((value as Record<string, string>)[WRAPPER]!) as JsonValue)
    : value;
}

function isWrapper(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    keys[0] === WRAPPER &&
    typeof (value as Record<string, unknown>)[WRAPPER] === "string"
  );
}
