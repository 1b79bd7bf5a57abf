import { isPlainObject, isUnsafeKey, plainCopy } from "../messages/json.ts";
import {
  type ParameterDefinition,
  type ParameterType,
  typeList,
} from "../tools/function-parameters.ts";

/** The outcome of converting a value to a declared type: zod-style, never thrown. */
export type ConvertResult =
  | { success: true; value: unknown }
  | { success: false; expected: string; path: string; received: unknown };

/**
 * Converts `value` to the type `definition` declares when that loses nothing: `"3"` → 3,
 * `"true"` → true, `'{"a":1}'` → `{a: 1}`, 5 → `"5"`, `{a: 1}` → `'{"a":1}'`. `"3.7"` is not an
 * integer and `"yes"` is not a boolean: those fail instead of guessing. Objects come back as
 * fresh plain copies without prototype keys, so the caller's object is never handed on.
 */
export function convertValue(
  value: unknown,
  definition: ParameterDefinition,
  path = "",
): ConvertResult {
  if (definition.enum !== undefined && definition.enum.length > 0) {
    const match = definition.enum.find((option) => option === value || String(option) === value);
    return match === undefined
      ? {
          success: false,
          expected: `one of ${definition.enum.map((o) => JSON.stringify(o)).join(", ")}`,
          path,
          received: value,
        }
      : { success: true, value: match };
  }
  const types = typeList(definition.type);
  if (types.length === 0) return { success: true, value: plainCopy(value) };
  if (value === null) {
    return types.includes("null")
      ? { success: true, value: null }
      : { success: false, expected: describeTypes(types), path, received: value };
  }
  for (const type of types) {
    if (type === "null") continue;
    const result = convertTo(type, value, definition, path);
    if (result.success || types.length === 1) return result;
  }
  return { success: false, expected: describeTypes(types), path, received: value };
}

function convertTo(
  type: ParameterType,
  value: unknown,
  definition: ParameterDefinition,
  path: string,
): ConvertResult {
  const fail: ConvertResult = {
    success: false,
    expected: describeTypes([type]),
    path,
    received: value,
  };
  switch (type) {
    case "string":
      if (typeof value === "string") return { success: true, value };
      if (typeof value === "number" || typeof value === "boolean")
        return { success: true, value: String(value) };
      if (typeof value === "object") return { success: true, value: JSON.stringify(value) };
      return fail;
    case "number": {
      const n = toNumber(value);
      return n === undefined ? fail : { success: true, value: n };
    }
    case "integer": {
      const n = toNumber(value);
      return n === undefined || !Number.isInteger(n) ? fail : { success: true, value: n };
    }
    case "boolean":
      if (typeof value === "boolean") return { success: true, value };
      if (typeof value === "string") {
        const lower = value.trim().toLowerCase();
        if (lower === "true") return { success: true, value: true };
        if (lower === "false") return { success: true, value: false };
      }
      return fail;
    case "array": {
      const parsed = typeof value === "string" ? parseJson(value) : value;
      if (!Array.isArray(parsed)) return fail;
      if (definition.items === undefined) return { success: true, value: plainCopy(parsed) };
      const out: unknown[] = [];
      for (let i = 0; i < parsed.length; i++) {
        const item = convertValue(parsed[i], definition.items, `${path}[${i}]`);
        if (!item.success) return item;
        out.push(item.value);
      }
      return { success: true, value: out };
    }
    case "object": {
      const parsed = typeof value === "string" ? parseJson(value) : value;
      if (!isPlainObject(parsed)) return fail;
      if (definition.properties === undefined) return { success: true, value: plainCopy(parsed) };
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(parsed)) {
        if (isUnsafeKey(key)) continue;
        const property = definition.properties[key];
        if (property === undefined) {
          out[key] = plainCopy(item);
          continue;
        }
        const converted = convertValue(item, property, path === "" ? key : `${path}.${key}`);
        if (!converted.success) return converted;
        out[key] = converted.value;
      }
      for (const key of definition.required ?? []) {
        if (!(key in out))
          return { success: false, expected: `an object with "${key}"`, path, received: value };
      }
      return { success: true, value: out };
    }
    default: {
      const unreachable: never = type;
      return { success: false, expected: String(unreachable), path, received: value };
    }
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeTypes(types: readonly string[]): string {
  const names = types.map((t) =>
    t === "integer" ? "an integer" : t === "array" || t === "object" ? `an ${t}` : `a ${t}`,
  );
  return names.join(" or ");
}
