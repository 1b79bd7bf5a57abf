import { isPlainObject, MAX_JSON_DEPTH, nestedDeeperThan, plainCopy } from "../messages/json.ts";
import type { CompiledSchema } from "./compile-schema.ts";
import { declaredTypes } from "./describe-schema.ts";
import { compilePattern } from "./load-validator.ts";
import { isSchemaObject, pointerToken, resolveLocalRef, type SchemaNode } from "./local-ref.ts";
import type { SchemaProblem } from "./schema-problem.ts";

/** A converted value, or the one conversion that cannot be tried (JSON text nested too deep). */
export type ConvertResult =
  | { success: true; value: unknown }
  | { success: false; problem: SchemaProblem };

/** Most `$ref`s followed in a row without reading deeper into the value (a ref cycle ends there). */
const MAX_REF_HOPS = 32;

interface Walk {
  readonly compiled: CompiledSchema;
  readonly path: (string | number)[];
  problem?: SchemaProblem;
}

/**
 * The lossless conversion pre-pass for task inputs (from a CLI, a task file or a form), run only
 * on a value that failed validation as given, then validated again. Where a value does not have
 * a type its schema declares, it is converted when nothing is lost: `"3"` → 3 for an integer or
 * a number (`"3.7"` is no integer; integers stay safe integers), `"true"`/`"false"` → a boolean,
 * JSON text → an array or an object, a number or a boolean → a string; `"1"` → 1 for an `enum`
 * or `const` that holds the number. An object never becomes a string and `"yes"` no boolean:
 * those fail validation instead of being guessed. An `anyOf`/`oneOf` keeps a value one of its
 * options accepts as it is, else takes the first option that accepts it converted. Local `$ref`s
 * and `allOf` are followed. A property set to `undefined` is absent (its default applies).
 * Mutates `value`, which the caller owns.
 */
export function convertLossless(
  value: unknown,
  compiled: CompiledSchema,
  pointer = "",
): ConvertResult {
  const walk: Walk = { compiled, path: [] };
  const node =
    pointer === "" ? compiled.schema : resolveLocalRef(compiled.schema, `#${pointer}`)?.schema;
  const out = node === undefined ? value : convert(value, node, pointer, walk, 0);
  return walk.problem === undefined
    ? { success: true, value: out }
    : { success: false, problem: walk.problem };
}

function convert(
  value: unknown,
  node: SchemaNode,
  pointer: string,
  walk: Walk,
  hops: number,
): unknown {
  if (!isSchemaObject(node)) return value;
  let v = value;
  if (typeof node.$ref === "string" && hops < MAX_REF_HOPS) {
    const target = resolveLocalRef(walk.compiled.schema, node.$ref);
    if (target !== undefined) v = convert(v, target.schema, target.pointer, walk, hops + 1);
  }
  if (Array.isArray(node.allOf)) {
    for (const [i, branch] of node.allOf.entries())
      v = convert(v, branch as SchemaNode, `${pointer}/allOf/${i}`, walk, hops + 1);
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const options = node[keyword];
    if (Array.isArray(options)) v = convertToOption(v, options, `${pointer}/${keyword}`, walk);
  }
  if (walk.problem !== undefined) return v;
  v = convertToMember(v, node);
  v = convertToType(v, declaredTypes(node), walk);
  if (walk.problem !== undefined) return v;
  if (Array.isArray(v)) convertItems(v, node, pointer, walk);
  else if (isPlainObject(v)) convertProperties(v, node, pointer, walk);
  return v;
}

function convertToOption(
  value: unknown,
  options: readonly unknown[],
  base: string,
  walk: Walk,
): unknown {
  const accepts = (i: number, candidate: unknown) =>
    // A copy: the check fills in defaults, which must not stay on a value another option takes.
    walk.compiled.at(`${base}/${i}`)(plainCopy(candidate)) === true;
  if (options.some((_, i) => accepts(i, value))) return value;
  for (const [i, option] of options.entries()) {
    const inner: Walk = { compiled: walk.compiled, path: [...walk.path] };
    const candidate = convert(plainCopy(value), option as SchemaNode, `${base}/${i}`, inner, 0);
    if (inner.problem === undefined && accepts(i, candidate)) return candidate;
  }
  return value;
}

/** `"1"` for an enum holding 1 (or a const of 1), 5 for one holding "5". */
function convertToMember(value: unknown, node: Readonly<Record<string, unknown>>): unknown {
  const members = Array.isArray(node.enum)
    ? node.enum
    : Object.hasOwn(node, "const")
      ? [node.const]
      : undefined;
  if (members === undefined || members.includes(value)) return value;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    return value;
  const match = members.find(
    (m) =>
      (typeof m === "number" || typeof m === "boolean" || typeof m === "string") &&
      String(m) === String(value),
  );
  return match === undefined ? value : match;
}

function convertToType(value: unknown, types: readonly string[], walk: Walk): unknown {
  if (types.length === 0 || types.some((t) => hasType(value, t))) return value;
  for (const type of types) {
    const converted = convertTo(type, value, walk);
    if (converted !== NOT_CONVERTED || walk.problem !== undefined)
      return converted === NOT_CONVERTED ? value : converted;
  }
  return value;
}

const NOT_CONVERTED = Symbol("not converted");

function convertTo(type: string, value: unknown, walk: Walk): unknown {
  switch (type) {
    case "string":
      return typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : NOT_CONVERTED;
    case "number":
      return toNumber(value) ?? NOT_CONVERTED;
    case "integer": {
      // Safe integers only: past 2^53 a number has already lost digits.
      const n = toNumber(value);
      return n !== undefined && Number.isSafeInteger(n) ? n : NOT_CONVERTED;
    }
    case "boolean": {
      const text = typeof value === "string" ? value.trim().toLowerCase() : undefined;
      return text === "true" ? true : text === "false" ? false : NOT_CONVERTED;
    }
    case "array":
    case "object": {
      if (typeof value !== "string") return NOT_CONVERTED;
      const parsed = parseJson(value);
      if (nestedDeeperThan(parsed)) {
        walk.problem = {
          path: [...walk.path],
          expected: `nested at most ${MAX_JSON_DEPTH} levels deep`,
          missing: false,
          received: value,
        };
        return NOT_CONVERTED;
      }
      // A fresh copy without prototype keys, as every input is.
      return hasType(parsed, type) ? plainCopy(parsed) : NOT_CONVERTED;
    }
    default:
      return NOT_CONVERTED;
  }
}

function convertItems(
  items: unknown[],
  node: Readonly<Record<string, unknown>>,
  pointer: string,
  walk: Walk,
): void {
  const tuple = Array.isArray(node.prefixItems)
    ? node.prefixItems
    : Array.isArray(node.items)
      ? node.items
      : undefined;
  const tupleKey = Array.isArray(node.prefixItems) ? "prefixItems" : "items";
  for (let i = 0; i < items.length && walk.problem === undefined; i++) {
    const schema =
      tuple !== undefined && i < tuple.length
        ? (tuple[i] as SchemaNode)
        : isSchemaObject(node.items)
          ? node.items
          : undefined;
    if (schema === undefined) continue;
    const at =
      tuple !== undefined && i < tuple.length ? `${pointer}/${tupleKey}/${i}` : `${pointer}/items`;
    walk.path.push(i);
    items[i] = convert(items[i], schema, at, walk, 0);
    walk.path.pop();
  }
}

function convertProperties(
  object: Record<string, unknown>,
  node: Readonly<Record<string, unknown>>,
  pointer: string,
  walk: Walk,
): void {
  const properties = isSchemaObject(node.properties) ? node.properties : {};
  const patterns = isSchemaObject(node.patternProperties)
    ? Object.entries(node.patternProperties)
    : [];
  for (const key of Object.keys(object)) {
    if (walk.problem !== undefined) return;
    if (object[key] === undefined) {
      delete object[key];
      continue;
    }
    let schema: SchemaNode | undefined;
    let at = "";
    if (Object.hasOwn(properties, key)) {
      schema = properties[key] as SchemaNode;
      at = `${pointer}/properties/${pointerToken(key)}`;
    } else {
      const pattern = patterns.find(([p]) => compilePattern(p).test(key));
      if (pattern !== undefined) {
        schema = pattern[1] as SchemaNode;
        at = `${pointer}/patternProperties/${pointerToken(pattern[0])}`;
      } else if (isSchemaObject(node.additionalProperties)) {
        schema = node.additionalProperties;
        at = `${pointer}/additionalProperties`;
      }
    }
    if (schema === undefined) continue;
    walk.path.push(key);
    object[key] = convert(object[key], schema, at, walk, 0);
    walk.path.pop();
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
    case "boolean":
      return typeof value === type;
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isPlainObject(value);
    default:
      return false;
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

/**
 * Treats a `null` given for an optional property as absent when the property's schema does not
 * accept null, at every level: models send null for "not given" (OpenAI's strict mode makes
 * every optional property nullable and required), and a prompt renders null as nothing. Copies
 * only the objects it changes; the value passed in is never modified.
 */
export function dropAbsentNulls(
  value: unknown,
  schema: SchemaNode,
  root: SchemaNode = schema,
  hops = 0,
): unknown {
  if (!isSchemaObject(schema) || typeof value !== "object" || value === null) return value;
  if (typeof schema.$ref === "string" && hops < MAX_REF_HOPS) {
    const target = resolveLocalRef(root, schema.$ref);
    if (target !== undefined) value = dropAbsentNulls(value, target.schema, root, hops + 1);
  }
  if (Array.isArray(value)) {
    if (!isSchemaObject(schema.items)) return value;
    let out: unknown[] | undefined;
    for (const [i, item] of value.entries()) {
      const next = dropAbsentNulls(item, schema.items, root);
      if (next !== item) {
        out ??= [...value];
        out[i] = next;
      }
    }
    return out ?? value;
  }
  if (!isPlainObject(value) || !isSchemaObject(schema.properties)) return value;
  const required = Array.isArray(schema.required) ? schema.required : [];
  let out: Record<string, unknown> | undefined;
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    if (item === null) {
      if (!required.includes(key) && !acceptsNull(property as SchemaNode, root, 0)) {
        out ??= { ...value };
        delete out[key];
      }
      continue;
    }
    const next = dropAbsentNulls(item, property as SchemaNode, root);
    if (next !== item) {
      out ??= { ...value };
      out[key] = next;
    }
  }
  return out ?? value;
}

/** Whether a schema accepts null, read from its keywords (local `$ref`s followed). */
function acceptsNull(schema: SchemaNode, root: SchemaNode, hops: number): boolean {
  if (!isSchemaObject(schema)) return schema;
  if (typeof schema.$ref === "string") {
    const target = hops < MAX_REF_HOPS ? resolveLocalRef(root, schema.$ref) : undefined;
    return target === undefined || acceptsNull(target.schema, root, hops + 1);
  }
  if (Array.isArray(schema.enum)) return schema.enum.includes(null);
  if (Object.hasOwn(schema, "const")) return schema.const === null;
  const types = declaredTypes(schema);
  if (types.length > 0 && !types.includes("null")) return false;
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const options = schema[keyword];
    if (
      Array.isArray(options) &&
      !options.some((o) => acceptsNull(o as SchemaNode, root, hops + 1))
    )
      return false;
  }
  if (
    Array.isArray(schema.allOf) &&
    !schema.allOf.every((o) => acceptsNull(o as SchemaNode, root, hops + 1))
  )
    return false;
  return true;
}
