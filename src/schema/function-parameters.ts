import { z } from "zod";
import type { JsonValue } from "../messages/json.ts";

/** The JSON types a parameter can declare. */
export type ParameterType = "string" | "integer" | "number" | "boolean" | "array" | "object";

/**
 * One parameter (`ParameterDefinition`): a JSON Schema, typed for the keywords this project
 * reads itself. Nested `items` and `properties` describe arrays and objects. `default` fills an
 * omitted value (also inside a given object). Every JSON Schema keyword is validated (see
 * `validateJsonSchema`), typed here or not: a schema from an MCP server or an OpenAPI document
 * can be used as it is.
 */
export interface ParameterDefinition {
  type?: ParameterType | readonly (ParameterType | "null")[];
  title?: string;
  description?: string;
  default?: JsonValue;
  examples?: readonly JsonValue[];
  enum?: readonly JsonValue[];
  const?: JsonValue;
  items?: ParameterDefinition;
  properties?: Readonly<Record<string, ParameterDefinition>>;
  required?: readonly string[];
  /** `false`: no other properties; a definition: what the other properties must be. */
  additionalProperties?: boolean | ParameterDefinition;
  /** Properties whose names match a regular expression (the key) and what they must be. */
  patternProperties?: Readonly<Record<string, ParameterDefinition>>;
  anyOf?: readonly ParameterDefinition[];
  oneOf?: readonly ParameterDefinition[];
  allOf?: readonly ParameterDefinition[];
  not?: ParameterDefinition;
  /** A reference to another schema of the same document: `#/$defs/address`. */
  $ref?: string;
  /** Named schemas for `$ref` (`definitions` is the older spelling). */
  $defs?: Readonly<Record<string, ParameterDefinition>>;
  definitions?: Readonly<Record<string, ParameterDefinition>>;
  /** Numbers: the smallest value allowed. */
  minimum?: number;
  /** Numbers: the largest value allowed. */
  maximum?: number;
  /** Numbers: values must be greater than this. */
  exclusiveMinimum?: number;
  /** Numbers: values must be less than this. */
  exclusiveMaximum?: number;
  /** Numbers: values must be a multiple of this. */
  multipleOf?: number;
  /** Strings: the fewest characters (Unicode code points, as JSON Schema counts). */
  minLength?: number;
  /** Strings: the most characters. */
  maxLength?: number;
  /** Strings: a regular expression (ECMAScript, unanchored) the value must match. */
  pattern?: string;
  /** Strings: a named format (`date-time`, `email`, `uri`, `uuid`, …); unknown names are ignored. */
  format?: string;
  /** Arrays: the fewest items. */
  minItems?: number;
  /** Arrays: the most items. */
  maxItems?: number;
  /** Arrays: no two items equal. */
  uniqueItems?: boolean;
  /** Objects: the fewest properties. */
  minProperties?: number;
  /** Objects: the most properties. */
  maxProperties?: number;
}

/** `FunctionParameters`: a JSON Schema object with named properties. */
export interface FunctionParameters {
  type: "object";
  properties: Readonly<Record<string, ParameterDefinition>>;
  required?: readonly string[];
  additionalProperties?: boolean;
  description?: string;
  /** Named schemas for `$ref` (`definitions` is the older spelling). */
  $defs?: Readonly<Record<string, ParameterDefinition>>;
  definitions?: Readonly<Record<string, ParameterDefinition>>;
}

/** A zod 4 object schema, the other way to declare parameters. */
export type ZodObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Parameters as users give them: FunctionParameters or a zod object schema. */
export type ParametersInput = FunctionParameters | ZodObjectSchema;

/** True when `value` is a zod schema (checked structurally so duplicate zod installs still work). */
export function isZodSchema(value: unknown): value is z.ZodType {
  return (
    typeof value === "object" &&
    value !== null &&
    "_zod" in value &&
    typeof (value as { safeParse?: unknown }).safeParse === "function"
  );
}

/**
 * Converts a zod object schema to FunctionParameters (JSON Schema) with `z.toJSONSchema`,
 * defaults and constraints included. The ±(2^53 − 1) bounds zod states for every integer are
 * left out: "integer" means a safe integer here anyway, and the model need not read them.
 */
export function zodToFunctionParameters(schema: z.ZodType): FunctionParameters {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  if (json.type !== "object" || typeof json.properties !== "object" || json.properties === null) {
    throw new TypeError("Parameters must be a zod object schema (z.object({...})).");
  }
  const { $schema: _ignored, ...rest } = json;
  dropSafeIntegerBounds(rest);
  return rest as unknown as FunctionParameters;
}

function dropSafeIntegerBounds(node: unknown): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) dropSafeIntegerBounds(item);
    return;
  }
  const schema = node as Record<string, unknown>;
  if (
    schema.type === "integer" ||
    (Array.isArray(schema.type) && schema.type.includes("integer"))
  ) {
    if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
    if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  }
  for (const [key, value] of Object.entries(schema)) {
    // `default`, `enum` and `const` hold data, not schemas.
    if (key !== "default" && key !== "enum" && key !== "const") dropSafeIntegerBounds(value);
  }
}

/** Normalises either form of parameters to FunctionParameters. */
export function toFunctionParameters(input: FunctionParameters | z.ZodType): FunctionParameters {
  return isZodSchema(input) ? zodToFunctionParameters(input) : input;
}

/** The declared types of a definition as a list (`[]` when it declares none). */
export function typeList(type: ParameterDefinition["type"]): readonly (ParameterType | "null")[] {
  if (type === undefined) return [];
  return typeof type === "string" ? [type] : type;
}
