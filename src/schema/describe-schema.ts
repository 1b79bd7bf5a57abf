import { isSchemaObject, resolveLocalRef, type SchemaNode } from "./local-ref.ts";

/** `an integer`, `a string or null`: the JSON types a schema declares, in words. */
export function describeTypes(types: readonly string[]): string {
  return types.map(typeWord).join(" or ");
}

function typeWord(type: string): string {
  if (type === "null") return "null";
  return type === "integer" || type === "array" || type === "object" ? `an ${type}` : `a ${type}`;
}

/** The types a schema declares (`type`, and OpenAPI's `nullable: true`); [] when it declares none. */
export function declaredTypes(schema: SchemaNode): string[] {
  if (!isSchemaObject(schema)) return [];
  const type = schema.type;
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? type.map(String) : [];
  if (schema.nullable === true && types.length > 0 && !types.includes("null")) types.push("null");
  return types;
}

/** The JSON type of a value, as JSON Schema names it (`integer` for whole numbers). */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/**
 * What kind of value a constraint applies to, in words: `an integer` when the schema says
 * integer and the value is one, else the value's own type (`a number`, `a string`).
 */
export function kindOf(schema: SchemaNode, value: unknown): string {
  const type = jsonTypeOf(value);
  if (type === "integer" && !declaredTypes(schema).includes("integer")) return typeWord("number");
  return typeWord(type);
}

/** `a number at least 1 and at most 10`, from the schema's bounds (draft-04's boolean form too). */
export function describeBounds(schema: Readonly<Record<string, unknown>>, kind: string): string {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  const bounds: string[] = [];
  if (typeof minimum === "number")
    bounds.push(exclusiveMinimum === true ? `greater than ${minimum}` : `at least ${minimum}`);
  if (typeof exclusiveMinimum === "number") bounds.push(`greater than ${exclusiveMinimum}`);
  if (typeof maximum === "number")
    bounds.push(exclusiveMaximum === true ? `less than ${maximum}` : `at most ${maximum}`);
  if (typeof exclusiveMaximum === "number") bounds.push(`less than ${exclusiveMaximum}`);
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(" and ")}`;
}

/** `a string of 2 to 20 characters`, `an array of at least 1 item`. */
export function describeCount(
  kind: string,
  min: unknown,
  max: unknown,
  unit: "character" | "item" | "property",
): string {
  const plural = unit === "property" ? "properties" : `${unit}s`;
  const units = (n: number) => `${n} ${n === 1 ? unit : plural}`;
  const low = typeof min === "number" ? min : undefined;
  const high = typeof max === "number" ? max : undefined;
  if (low !== undefined && high !== undefined)
    return `${kind} of ${low === high ? `exactly ${units(low)}` : `${low} to ${units(high)}`}`;
  if (low !== undefined) return `${kind} of at least ${units(low)}`;
  return `${kind} of at most ${units(high ?? 0)}`;
}

/** `one of "a", "b"`. */
export function describeEnum(values: readonly unknown[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
}

/**
 * What a schema accepts, in a few words, for messages: `an integer at least 1`, `one of "a",
 * "b"`, `a string matching the pattern "^id-"`, `an object with "title"`, `any value`. Local
 * `$ref`s are followed (in `root`); `anyOf`/`oneOf` options are joined with "or".
 */
export function describeSchema(schema: SchemaNode, root: SchemaNode = schema, depth = 0): string {
  if (schema === true) return "any value";
  if (schema === false || !isSchemaObject(schema)) return "no value (the schema allows none)";
  if (typeof schema.$ref === "string") {
    const target = depth < 8 ? resolveLocalRef(root, schema.$ref) : undefined;
    return target === undefined
      ? `a value matching ${schema.$ref}`
      : describeSchema(target.schema, root, depth + 1);
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return describeEnum(schema.enum);
  if (Object.hasOwn(schema, "const")) return `equal to ${JSON.stringify(schema.const)}`;
  const options = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : undefined;
  if (options !== undefined && options.length > 0 && declaredTypes(schema).length === 0)
    return options.map((o) => describeSchema(o as SchemaNode, root, depth + 1)).join(" or ");
  const types = declaredTypes(schema);
  if (types.length === 0) {
    if (Array.isArray(schema.required) && schema.required.length > 0)
      return `an object with ${schema.required.map((k) => JSON.stringify(k)).join(" and ")}`;
    return "any value";
  }
  const single = types.filter((t) => t !== "null");
  if (single.length !== 1) return describeTypes(types);
  const kind = typeWord(single[0]!);
  let text = kind;
  switch (single[0]) {
    case "integer":
    case "number":
      text = describeBounds(schema, kind);
      break;
    case "string":
      if (typeof schema.minLength === "number" || typeof schema.maxLength === "number")
        text = describeCount(kind, schema.minLength, schema.maxLength, "character");
      if (typeof schema.pattern === "string")
        text = `${text} matching the pattern ${JSON.stringify(schema.pattern)}`;
      if (typeof schema.format === "string") text = `${text} in the "${schema.format}" format`;
      break;
    case "array":
      if (typeof schema.minItems === "number" || typeof schema.maxItems === "number")
        text = describeCount(kind, schema.minItems, schema.maxItems, "item");
      break;
  }
  return types.includes("null") ? `${text} or null` : text;
}

/** What a missing property must be: its description added (`a string: the user's name`). */
export function describeProperty(schema: SchemaNode | undefined, root: SchemaNode): string {
  if (schema === undefined) return "any value";
  const text = describeSchema(schema, root);
  const description = isSchemaObject(schema) ? schema.description : undefined;
  return typeof description === "string" ? `${text}: ${description}` : text;
}
