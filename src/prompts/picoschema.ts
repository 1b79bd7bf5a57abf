import type { ParameterDefinition, ParameterType } from "../schema/function-parameters.ts";
import { PromptError } from "./prompt-error.ts";

/** Finds a named schema (`schema: Recipe`) that a Picoschema refers to. */
export type SchemaResolver = (name: string) => ParameterDefinition | undefined;

/** Options of `picoschemaToJsonSchema()`. */
export interface PicoschemaOptions {
  /** Resolves type names that are not Picoschema scalars. */
  resolveSchema?: SchemaResolver;
}

const SCALARS = new Set(["string", "number", "integer", "boolean", "null", "any"]);
const JSON_TYPES = new Set([...SCALARS, "object", "array"]);
const KEY = /^([^?(]+?)(\?)?(?:\(\s*([^,)\s]+)\s*(?:,\s*([^)]*))?\))?$/;

/**
 * Converts Dotprompt's Picoschema shorthand to JSON Schema, with Dotprompt's rules:
 * `name: string, description`; `tone?: string` (optional: left out of `required`, and nullable);
 * `tags(array, desc): string`; `level(enum): [LOW, HIGH]`; `address(object): {…}` or a bare
 * nested map; `(*): string` for other keys; every object gets `additionalProperties: false`;
 * `any` is `{}`; `(enum)` is `{ enum }` alone (with `null` added when optional). A schema that is
 * already JSON Schema (a top-level JSON `type`, or `properties`) passes through unchanged.
 */
export function picoschemaToJsonSchema(
  schema: unknown,
  options: PicoschemaOptions = {},
): ParameterDefinition | undefined {
  if (schema === undefined || schema === null) return undefined;
  if (typeof schema === "string") return parseTypeString(schema, [], options);
  if (isRecord(schema)) {
    const type = schema.type;
    if (typeof type === "string" && JSON_TYPES.has(type)) return schema as ParameterDefinition;
    if (isRecord(schema.properties)) return { ...schema, type: "object" } as ParameterDefinition;
  }
  return parseValue(schema, [], options);
}

function parseValue(
  value: unknown,
  path: string[],
  options: PicoschemaOptions,
): ParameterDefinition {
  if (typeof value === "string") return parseTypeString(value, path, options);
  if (isRecord(value)) return parseObject(value, path, options);
  throw problem(
    path,
    `expected a type such as "string, description" or a nested map, got ${JSON.stringify(value)}`,
  );
}

function parseObject(
  object: Readonly<Record<string, unknown>>,
  path: string[],
  options: PicoschemaOptions,
): ParameterDefinition {
  const properties: Record<string, ParameterDefinition> = {};
  const required: string[] = [];
  let additionalProperties: boolean | ParameterDefinition = false;
  for (const [key, value] of Object.entries(object)) {
    if (key === "(*)") {
      additionalProperties = parseValue(value, [...path, key], options);
      continue;
    }
    const match = KEY.exec(key.trim());
    if (match === null) throw problem([...path, key], `cannot read the field name "${key}"`);
    const [, name = "", optional, kind, description] = match;
    const at = [...path, key];
    let property: ParameterDefinition;
    if (kind === undefined) {
      property = parseValue(value, at, options);
      if (optional && typeof property.type === "string")
        property = { ...property, type: [property.type, "null"] };
    } else if (kind === "array") {
      const items = parseValue(value, at, options);
      property = { type: optional ? ["array", "null"] : "array", items };
    } else if (kind === "object") {
      property = parseValue(value, at, options);
      if (optional && typeof property.type === "string")
        property = { ...property, type: [property.type, "null"] };
    } else if (kind === "enum") {
      if (!Array.isArray(value)) throw problem(at, "an (enum) field needs a list of values");
      property = enumSchema(value, optional === "?");
    } else {
      throw problem(at, `parenthetical types must be object, array or enum, got "${kind}"`);
    }
    if (description !== undefined && description !== "") property = { ...property, description };
    properties[name] = property;
    if (!optional) required.push(name);
  }
  const schema: ParameterDefinition = { type: "object", properties, additionalProperties };
  return required.length > 0 ? { ...schema, required } : schema;
}

function parseTypeString(
  text: string,
  path: string[],
  options: PicoschemaOptions,
): ParameterDefinition {
  const comma = text.indexOf(",");
  const type = (comma === -1 ? text : text.slice(0, comma)).trim();
  const description = comma === -1 ? undefined : text.slice(comma + 1).trim();
  let schema: ParameterDefinition;
  if (type === "any") schema = {};
  else if (type === "null") schema = { type: ["null"] };
  else if (SCALARS.has(type)) schema = { type: type as ParameterType };
  else {
    const resolved = options.resolveSchema?.(type);
    if (resolved === undefined) {
      throw problem(
        path,
        `unknown type "${type}": not a Picoschema scalar (string, number, integer, boolean, null, any) and no schema of that name was given in \`schemas\``,
      );
    }
    schema = { ...resolved };
  }
  return description === undefined || description === "" ? schema : { ...schema, description };
}

function enumSchema(values: readonly unknown[], optional: boolean): ParameterDefinition {
  const options = optional && !values.includes(null) ? [...values, null] : [...values];
  return { enum: options as ParameterDefinition["enum"] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function problem(path: readonly string[], message: string): PromptError {
  const where = path.length === 0 ? "the schema" : `field "${path.join(".")}"`;
  return new PromptError("PROMPT_INVALID", `Picoschema error in ${where}: ${message}.`, {
    variable: path.join("."),
  });
}
