import { z } from "zod";
import type { JsonValue } from "../messages/json.ts";

/** The JSON types a parameter can declare. */
export type ParameterType = "string" | "integer" | "number" | "boolean" | "array" | "object";

/**
 * One parameter: the seed's `ParameterDefinition`, a subset of JSON Schema. Nested `items` and
 * `properties` describe arrays and objects.
 */
export interface ParameterDefinition {
  type?: ParameterType | readonly (ParameterType | "null")[];
  description?: string;
  default?: JsonValue;
  enum?: readonly JsonValue[];
  items?: ParameterDefinition;
  properties?: Readonly<Record<string, ParameterDefinition>>;
  required?: readonly string[];
  additionalProperties?: boolean | ParameterDefinition;
  anyOf?: readonly ParameterDefinition[];
}

/** The seed's `FunctionParameters`: a JSON Schema object with named properties. */
export interface FunctionParameters {
  type: "object";
  properties: Readonly<Record<string, ParameterDefinition>>;
  required?: readonly string[];
  additionalProperties?: boolean;
  description?: string;
}

/** A zod 4 object schema, the other way to declare parameters. */
export type ZodObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Parameters as users give them: the seed's FunctionParameters or a zod object schema. */
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

/** Converts a zod object schema to FunctionParameters (JSON Schema) with `z.toJSONSchema`. */
export function zodToFunctionParameters(schema: z.ZodType): FunctionParameters {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  if (json.type !== "object" || typeof json.properties !== "object" || json.properties === null) {
    throw new TypeError("Parameters must be a zod object schema (z.object({...})).");
  }
  const { $schema: _ignored, ...rest } = json;
  return rest as unknown as FunctionParameters;
}

/** Normalises either form of parameters to FunctionParameters. */
export function toFunctionParameters(input: ParametersInput): FunctionParameters {
  return isZodSchema(input) ? zodToFunctionParameters(input) : input;
}

/** Builds a zod schema that validates what a FunctionParameters definition describes. */
export function functionParametersToZod(parameters: FunctionParameters): ZodObjectSchema {
  return objectToZod(
    parameters.properties,
    parameters.required ?? [],
    parameters.additionalProperties,
  );
}

function objectToZod(
  properties: Readonly<Record<string, ParameterDefinition>>,
  required: readonly string[],
  additional: boolean | ParameterDefinition | undefined,
): ZodObjectSchema {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, definition] of Object.entries(properties)) {
    const schema = definitionToZod(definition);
    shape[name] = required.includes(name) ? schema : schema.optional();
  }
  const object = z.object(shape);
  return (additional === false ? object.strict() : object.loose()) as unknown as ZodObjectSchema;
}

/** Builds a zod schema for one parameter definition (any JSON type, not only objects). */
export function definitionToZod(definition: ParameterDefinition): z.ZodType {
  let schema: z.ZodType;
  if (definition.enum !== undefined && definition.enum.length > 0) {
    const literals = definition.enum.map((value) =>
      z.literal(value as string | number | boolean | null),
    );
    schema =
      literals.length === 1 ? literals[0]! : z.union(literals as unknown as [z.ZodType, z.ZodType]);
  } else if (definition.anyOf !== undefined && definition.anyOf.length > 0) {
    const options = definition.anyOf.map(definitionToZod);
    schema = options.length === 1 ? options[0]! : z.union(options as [z.ZodType, z.ZodType]);
  } else {
    const types = typeList(definition.type);
    const options = types.filter((t) => t !== "null").map((t) => typeToZod(t, definition));
    schema =
      options.length === 0
        ? z.unknown()
        : options.length === 1
          ? options[0]!
          : z.union(options as [z.ZodType, z.ZodType]);
    if (types.includes("null")) schema = schema.nullable();
  }
  return definition.description === undefined ? schema : schema.describe(definition.description);
}

function typeToZod(type: ParameterType, definition: ParameterDefinition): z.ZodType {
  switch (type) {
    case "string":
      return z.string();
    case "integer":
      return z.number().int();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "array":
      return z.array(
        definition.items === undefined ? z.unknown() : definitionToZod(definition.items),
      );
    case "object":
      return definition.properties === undefined
        ? z.record(z.string(), z.unknown())
        : objectToZod(
            definition.properties,
            definition.required ?? [],
            definition.additionalProperties,
          );
    default: {
      const unreachable: never = type;
      throw new TypeError(`Unknown parameter type ${String(unreachable)}`);
    }
  }
}

/** The declared types of a definition as a list (`[]` when it declares none). */
export function typeList(type: ParameterDefinition["type"]): readonly (ParameterType | "null")[] {
  if (type === undefined) return [];
  return typeof type === "string" ? [type] : type;
}
