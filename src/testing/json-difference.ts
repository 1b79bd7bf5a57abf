import type { JsonValue } from "../messages/json.ts";

/** Where two JSON values first differ. */
export interface JsonDifference {
  path: string;
  expected: JsonValue | undefined;
  actual: JsonValue | undefined;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first place (depth-first, keys sorted) where `actual` differs from `expected`, if any. */
export function jsonDifference(
  expected: JsonValue | undefined,
  actual: JsonValue | undefined,
  path = "",
): JsonDifference | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const difference = jsonDifference(expected[i], actual[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      const difference = jsonDifference(expected[key], actual[key], `${path}.${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  return expected === actual ? undefined : { path, expected, actual };
}
