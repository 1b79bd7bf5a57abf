import { z } from "zod";
import { plainCopy } from "../messages/json.ts";
import {
  type FunctionParameters,
  type ParameterDefinition,
  type ParameterType,
  typeList,
  type ZodObjectSchema,
} from "../schema/function-parameters.ts";

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
    // A default already makes the property optional (and fills it in).
    shape[name] =
      required.includes(name) || definition.default !== undefined ? schema : schema.optional();
  }
  const object = z.object(shape);
  const result =
    additional === false
      ? object.strict()
      : additional === true || additional === undefined
        ? object.loose()
        : object.catchall(definitionToZod(additional));
  return result as unknown as ZodObjectSchema;
}

/**
 * Builds a zod schema for one parameter definition (any JSON type, not only objects): types,
 * `enum`, `anyOf`, the constraints of `ParameterDefinition`, and `default` for an omitted value.
 * An invalid `pattern` throws a TypeError.
 */
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
  const fallback = definition.default;
  // A fresh copy each time, so one run's changes to a default never reach the next.
  if (fallback !== undefined) schema = schema.default(() => plainCopy(fallback));
  return definition.description === undefined ? schema : schema.describe(definition.description);
}

function typeToZod(type: ParameterType, definition: ParameterDefinition): z.ZodType {
  switch (type) {
    case "string": {
      let schema = z.string();
      if (definition.minLength !== undefined) schema = schema.min(definition.minLength);
      if (definition.maxLength !== undefined) schema = schema.max(definition.maxLength);
      if (definition.pattern !== undefined)
        schema = schema.regex(compilePattern(definition.pattern));
      return schema;
    }
    case "integer":
      // Safe integers only: a larger one has already lost digits in JSON.parse.
      return numberBounds(z.int(), definition);
    case "number":
      return numberBounds(z.number(), definition);
    case "boolean":
      return z.boolean();
    case "array": {
      let schema = z.array(
        definition.items === undefined ? z.unknown() : definitionToZod(definition.items),
      );
      if (definition.minItems !== undefined) schema = schema.min(definition.minItems);
      if (definition.maxItems !== undefined) schema = schema.max(definition.maxItems);
      return schema;
    }
    case "object": {
      const additional = definition.additionalProperties;
      if (definition.properties !== undefined || additional === false)
        return objectToZod(definition.properties ?? {}, definition.required ?? [], additional);
      return z.record(
        z.string(),
        typeof additional === "object" ? definitionToZod(additional) : z.unknown(),
      );
    }
    default: {
      const unreachable: never = type;
      throw new TypeError(`Unknown parameter type ${String(unreachable)}`);
    }
  }
}

function numberBounds(schema: z.ZodNumber, definition: ParameterDefinition): z.ZodNumber {
  let out = schema;
  if (definition.minimum !== undefined) out = out.min(definition.minimum);
  if (definition.maximum !== undefined) out = out.max(definition.maximum);
  if (definition.exclusiveMinimum !== undefined) out = out.gt(definition.exclusiveMinimum);
  if (definition.exclusiveMaximum !== undefined) out = out.lt(definition.exclusiveMaximum);
  return out;
}

/**
 * Compiles a JSON Schema `pattern`: with the `u` flag (JSON Schema's Unicode semantics) when the
 * pattern allows it, else as written (patterns such as `\_` are only valid without it).
 */
export function compilePattern(pattern: string): RegExp {
  const known = compiledPatterns.get(pattern);
  if (known !== undefined) return known;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    try {
      regex = new RegExp(pattern);
    } catch (error) {
      throw new TypeError(
        `pattern ${JSON.stringify(pattern)} is not a valid regular expression (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }
  // Compiled once per pattern: a check runs on every run and tool call. No "g" flag, so a
  // shared RegExp keeps no state between tests.
  compiledPatterns.set(pattern, regex);
  return regex;
}

const compiledPatterns = new Map<string, RegExp>();
