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

/**
 * How deeply arrays and objects may nest in a value that comes from outside (a model's tool
 * arguments, a run's inputs, a tool's result). Real data stays far below it; past it the
 * recursive walks over JSON (copies, schema checks, `JSON.stringify`) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * True when arrays and plain objects in `value` nest more than `maxDepth` levels (the outermost
 * counts as 1). Checked without recursion, so any depth is safe to ask about, and a plain object
 * that contains itself counts as too deep.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== "object" || value === null) return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const current = stack.pop();
    const depth = depths.pop() ?? 1;
    const items = Array.isArray(current)
      ? current
      : isPlainObject(current)
        ? Object.values(current)
        : undefined;
    if (items === undefined) continue;
    if (depth > maxDepth) return true;
    for (const item of items) {
      if (typeof item === "object" && item !== null) {
        stack.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * A fresh copy of plain objects and arrays with prototype keys dropped; other values as is.
 * Recursive: check values from outside with `nestedDeeperThan` first.
 */
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
  if (nestedDeeperThan(value)) {
    shown = Array.isArray(value) ? "[...]" : "{...}";
  } else {
    try {
      shown = JSON.stringify(value) ?? String(value);
    } catch {
      shown = printable(value);
    }
  }
  if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
  return `${shown} (${kind})`;
}

function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "(not printable)";
  }
}
