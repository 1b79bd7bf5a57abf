import type { FunctionParameters } from "./function-parameters.ts";
import { isSchemaObject } from "./local-ref.ts";

type Schema = Record<string, unknown>;

/** Keywords OpenAI's strict mode accepts, kept as they are (`default` is moved, see below). */
const STRICT_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "$ref",
  "$defs",
  "definitions",
  "description",
  "title",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
]);

/** Annotations dropped from the wire without changing what is valid. */
const DROPPED = new Set(["$schema", "$id", "$comment", "examples", "default", "nullable"]);

const strictSchemas = new WeakMap<FunctionParameters, Schema | null>();

/**
 * The same arguments as a schema OpenAI's strict mode accepts (`strict: true`), or undefined when
 * they cannot be said that way, and the tool is then sent as it is, without `strict`. The rules:
 * every object lists all its properties in `required` and has `additionalProperties: false`; a
 * property that was optional becomes nullable (`["string", "null"]`, `null` added to an `enum`,
 * `anyOf: [..., {type: "null"}]` around a `$ref` or a union), and a null argument is read back
 * as an absent one (its default applies, see `dropAbsentNulls`); a `default` moves into the
 * description (`(default: 4)`). A schema that uses what strict mode cannot say — an open object
 * (`additionalProperties: true` or a schema: a map), `oneOf`, `allOf`, `not`, `if`,
 * `patternProperties`, tuples, `uniqueItems`, an array without `items`, a reference to another
 * document, any unknown keyword — is not made strict. Computed once per schema object.
 */
export function toOpenAIStrictSchema(parameters: FunctionParameters): Schema | undefined {
  let strict = strictSchemas.get(parameters);
  if (strict === undefined) {
    strict = strictNode(parameters, true, 0) ?? null;
    if (strict !== null && strict.type !== "object") strict = null;
    strictSchemas.set(parameters, strict);
  }
  return strict ?? undefined;
}

/** Deeper than this, nesting is not made strict (OpenAI allows 10 levels of objects). */
const MAX_STRICT_DEPTH = 32;

function strictNode(node: unknown, isRoot: boolean, depth: number): Schema | undefined {
  if (!isSchemaObject(node) || depth > MAX_STRICT_DEPTH) return undefined;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    if (!STRICT_KEYWORDS.has(key)) return undefined;
    out[key] = value;
  }
  if (node.nullable === true) {
    const nullable = withNull(out);
    if (nullable === undefined) return undefined;
    Object.assign(out, nullable);
  }
  if (Object.hasOwn(node, "default"))
    out.description = `${typeof node.description === "string" ? `${node.description} ` : ""}(default: ${JSON.stringify(node.default)})`;
  if (typeof out.$ref === "string" && !out.$ref.startsWith("#")) return undefined;
  // Strict mode wants every schema to say what it is ("schema must have a 'type' key").
  if (!["type", "anyOf", "$ref", "enum", "const"].some((k) => out[k] !== undefined))
    return undefined;
  if (isRoot && (out.anyOf !== undefined || out.$ref !== undefined)) return undefined;
  for (const defs of ["$defs", "definitions"] as const) {
    if (out[defs] === undefined) continue;
    if (!isSchemaObject(out[defs])) return undefined;
    const converted: Schema = {};
    for (const [name, child] of Object.entries(out[defs])) {
      const strict = strictNode(child, false, depth + 1);
      if (strict === undefined) return undefined;
      converted[name] = strict;
    }
    out[defs] = converted;
  }
  if (Array.isArray(out.anyOf)) {
    const branches: Schema[] = [];
    for (const branch of out.anyOf) {
      const strict = strictNode(branch, false, depth + 1);
      if (strict === undefined) return undefined;
      branches.push(strict);
    }
    out.anyOf = branches;
  }
  const types = typeof out.type === "string" ? [out.type] : Array.isArray(out.type) ? out.type : [];
  if (types.includes("array") || out.items !== undefined) {
    const items = strictNode(out.items, false, depth + 1);
    if (items === undefined) return undefined;
    out.items = items;
  }
  if (types.includes("object") || out.properties !== undefined) {
    if (out.additionalProperties !== undefined && out.additionalProperties !== false)
      return undefined;
    const properties = out.properties ?? {};
    if (!isSchemaObject(properties)) return undefined;
    const required = Array.isArray(out.required) ? out.required : [];
    const converted: Schema = {};
    for (const [name, child] of Object.entries(properties)) {
      let strict = strictNode(child, false, depth + 1);
      if (strict !== undefined && !required.includes(name)) strict = withNull(strict);
      if (strict === undefined) return undefined;
      converted[name] = strict;
    }
    if (required.some((name) => !Object.hasOwn(converted, name))) return undefined;
    out.properties = converted;
    out.required = Object.keys(converted);
    out.additionalProperties = false;
  }
  return out;
}

/** A schema that also accepts null, said the way strict mode reads it. */
function withNull(schema: Schema): Schema | undefined {
  const types =
    typeof schema.type === "string"
      ? [schema.type]
      : Array.isArray(schema.type)
        ? schema.type
        : undefined;
  if (Array.isArray(schema.enum)) {
    const out: Schema = {
      ...schema,
      enum: schema.enum.includes(null) ? schema.enum : [...schema.enum, null],
    };
    if (types !== undefined && !types.includes("null")) out.type = [...types, "null"];
    return out;
  }
  if (
    types !== undefined &&
    schema.anyOf === undefined &&
    schema.$ref === undefined &&
    schema.const === undefined
  ) {
    return types.includes("null") ? schema : { ...schema, type: [...types, "null"] };
  }
  if (Array.isArray(schema.anyOf) && schema.$ref === undefined && types === undefined) {
    const hasNull = schema.anyOf.some((b) => isSchemaObject(b) && b.type === "null");
    return hasNull ? schema : { ...schema, anyOf: [...schema.anyOf, { type: "null" }] };
  }
  const { description, title, ...rest } = schema;
  const out: Schema = { anyOf: [rest, { type: "null" }] };
  if (description !== undefined) out.description = description;
  if (title !== undefined) out.title = title;
  return out;
}

const inputSchemas = new WeakMap<FunctionParameters, FunctionParameters>();

/**
 * The arguments' schema as every provider takes it (Anthropic's `input_schema`, and OpenAI's
 * `parameters` when not strict): both refuse `anyOf`, `oneOf` and `allOf` at the top level, so
 * those are left out of the root (the properties of `allOf` branches merged in, so the model
 * still sees them; the arguments are still validated against the whole schema, and a model that
 * breaks the dropped rule reads why). Anything else goes as written. The same object when there
 * is nothing to change; computed once per schema object.
 */
export function toToolInputSchema(parameters: FunctionParameters): FunctionParameters {
  let shaped = inputSchemas.get(parameters);
  if (shaped === undefined) {
    shaped = portableRoot(parameters);
    inputSchemas.set(parameters, shaped);
  }
  return shaped;
}

function portableRoot(parameters: FunctionParameters): FunctionParameters {
  const root = parameters as unknown as Schema;
  if (root.anyOf === undefined && root.oneOf === undefined && root.allOf === undefined)
    return parameters;
  const { anyOf: _anyOf, oneOf: _oneOf, allOf, ...rest } = root;
  const properties: Schema = { ...(isSchemaObject(rest.properties) ? rest.properties : {}) };
  const required = new Set(Array.isArray(rest.required) ? (rest.required as string[]) : []);
  for (const branch of Array.isArray(allOf) ? allOf : []) {
    if (!isSchemaObject(branch)) continue;
    if (isSchemaObject(branch.properties)) Object.assign(properties, branch.properties);
    if (Array.isArray(branch.required))
      for (const name of branch.required) required.add(String(name));
  }
  const out: Schema = { ...rest, type: "object", properties };
  if (required.size > 0) out.required = [...required];
  return out as unknown as FunctionParameters;
}
