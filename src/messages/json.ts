/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Keys that must never be copied into an object: they reach its prototype. */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

/**
 * False when JSON text cannot produce an unsafe key: it names none and has no escape (which
 * could spell one). Lets a parse skip the copy that drops them.
 */
export function mayHoldUnsafeKey(json: string): boolean {
  if (json.includes("\\")) return true;
  for (const key of UNSAFE_KEYS) if (json.includes(key)) return true;
  return false;
}

/** True for `{}`-style objects (not arrays, dates, class instances or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A fresh copy of plain objects and arrays with prototype keys dropped; other values as is. */
export function plainCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainCopy);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isUnsafeKey(key)) out[key] = plainCopy(item);
  }
  return out;
}

/** A short description of a received value for error messages: `"3.7" (a string)`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  const kind = Array.isArray(value)
    ? "an array"
    : typeof value === "object"
      ? "an object"
      : `a ${typeof value}`;
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
  return `${shown} (${kind})`;
}
