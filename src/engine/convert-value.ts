import {
  isPlainObject,
  isUnsafeKey,
  MAX_JSON_DEPTH,
  nestedDeeperThan,
  plainCopy,
} from "../messages/json.ts";
import {
  type ParameterDefinition,
  type ParameterType,
  typeList,
} from "../schema/function-parameters.ts";
import { checkConstraints } from "../tools/check-constraints.ts";

/** The outcome of converting a value to a declared type: zod-style, never thrown. */
export type ConvertResult =
  | { success: true; value: unknown }
  | { success: false; expected: string; path: string; received: unknown };

/**
 * Converts `value` to the type `definition` declares when that loses nothing: `"3"` → 3,
 * `"true"` → true, `'{"a":1}'` → `{a: 1}`, 5 → `"5"`. `"3.7"` is not an integer, `"yes"` is not
 * a boolean and an object is not a string: those fail instead of guessing. Then the definition's
 * constraints are checked (`minimum`, `maxLength`, `pattern`, `minItems`, `enum`,
 * `additionalProperties: false`, …), and the defaults of properties missing from a given object
 * are filled in. Values nested more than `MAX_JSON_DEPTH` levels fail. Objects come back as fresh
 * plain copies without prototype keys, so the caller's object is never handed on.
 */
export function convertValue(
  value: unknown,
  definition: ParameterDefinition,
  path = "",
): ConvertResult {
  if (nestedDeeperThan(value)) return tooDeep(path, value);
  return convert(value, definition, path);
}

function convert(value: unknown, definition: ParameterDefinition, path: string): ConvertResult {
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
  if (definition.anyOf !== undefined && definition.anyOf.length > 0) {
    const failures: string[] = [];
    for (const option of definition.anyOf) {
      const result = convert(value, option, path);
      if (result.success) return result;
      failures.push(result.expected);
    }
    return { success: false, expected: failures.join(" or "), path, received: value };
  }
  const types = typeList(definition.type);
  if (types.length === 0) return { success: true, value: plainCopy(value) };
  if (value === null) {
    return types.includes("null")
      ? { success: true, value: null }
      : { success: false, expected: describeTypes(types), path, received: value };
  }
  const kinds = types.filter((t) => t !== "null");
  for (const type of kinds) {
    const result = convertTo(type, value, definition, path);
    if (result.success) {
      const expected = checkConstraints(result.value, definition, describeTypes([type]));
      if (expected === undefined) return result;
      if (kinds.length === 1) return { success: false, expected, path, received: value };
    } else if (kinds.length === 1) {
      // One declared type: its own failure says most (a nested path, a missing property).
      return result;
    }
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
      return fail;
    case "number": {
      const n = toNumber(value);
      return n === undefined ? fail : { success: true, value: n };
    }
    case "integer": {
      // Safe integers only: past 2^53 a number has already lost digits.
      const n = toNumber(value);
      return n === undefined || !Number.isSafeInteger(n) ? fail : { success: true, value: n };
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
      // A given value was checked on entry; one parsed from text is new.
      if (typeof value === "string" && nestedDeeperThan(parsed)) return tooDeep(path, value);
      if (!Array.isArray(parsed)) return fail;
      if (definition.items === undefined) return { success: true, value: plainCopy(parsed) };
      const out: unknown[] = [];
      for (let i = 0; i < parsed.length; i++) {
        const item = convert(parsed[i], definition.items, `${path}[${i}]`);
        if (!item.success) return item;
        out.push(item.value);
      }
      return { success: true, value: out };
    }
    case "object": {
      const parsed = typeof value === "string" ? parseJson(value) : value;
      if (typeof value === "string" && nestedDeeperThan(parsed)) return tooDeep(path, value);
      if (!isPlainObject(parsed)) return fail;
      return convertObject(parsed, definition, path);
    }
    default: {
      const unreachable: never = type;
      return { success: false, expected: String(unreachable), path, received: value };
    }
  }
}

function convertObject(
  given: Record<string, unknown>,
  definition: ParameterDefinition,
  path: string,
): ConvertResult {
  const properties = definition.properties ?? {};
  const additional = definition.additionalProperties;
  const at = (key: string) => (path === "" ? key : `${path}.${key}`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(given)) {
    // An undefined property is an absent one (its default applies), as for top-level inputs.
    if (isUnsafeKey(key) || item === undefined) continue;
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (property === undefined && additional === false) {
      const allowed = Object.keys(properties);
      return {
        success: false,
        expected: `absent (${allowed.length === 0 ? "no properties are allowed here" : `the allowed properties are ${allowed.join(", ")}`})`,
        path: at(key),
        received: item,
      };
    }
    const schema = property ?? (typeof additional === "object" ? additional : undefined);
    if (schema === undefined) {
      out[key] = plainCopy(item);
      continue;
    }
    const converted = convert(item, schema, at(key));
    if (!converted.success) return converted;
    out[key] = converted.value;
  }
  for (const [key, property] of Object.entries(properties)) {
    if (Object.hasOwn(out, key) || property.default === undefined) continue;
    const filled = convert(plainCopy(property.default), property, at(key));
    if (!filled.success) return filled;
    out[key] = filled.value;
  }
  for (const key of definition.required ?? []) {
    if (!Object.hasOwn(out, key))
      return { success: false, expected: `an object with "${key}"`, path, received: given };
  }
  return { success: true, value: out };
}

function tooDeep(path: string, received: unknown): ConvertResult {
  return {
    success: false,
    expected: `nested at most ${MAX_JSON_DEPTH} levels deep`,
    path,
    received,
  };
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
