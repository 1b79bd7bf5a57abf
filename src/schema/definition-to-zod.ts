import { z } from "zod";
import type { CompiledSchema } from "./compile-schema.ts";
import type { FunctionParameters, ParameterDefinition } from "./function-parameters.ts";
import { problemMessage } from "./schema-problem.ts";
import { compileOrThrow, validateCompiled } from "./validate-json-schema.ts";

/** The JSON Schema behind each zod schema made here. */
const sources = new WeakMap<z.ZodType, ParameterDefinition>();

/**
 * A zod schema that validates with the JSON Schema validator (`validateJsonSchema`): where the
 * framework takes zod (`Tool.schema`, `outputSchema`), a JSON Schema plays the same part, with
 * its `default`s filled in. Each problem is a zod issue at its path, whose message says what
 * was expected and what was received. `z.toJSONSchema` of it gives the definition back. The
 * schema is compiled now: an invalid one (a bad `pattern`) throws a TypeError.
 */
export function definitionToZod(definition: ParameterDefinition): z.ZodType {
  const compiled = compileOrThrow(definition);
  const schema = z
    .unknown()
    .transform((value, ctx) => {
      const result = validateCompiled(compiled, value);
      if (result.success) return result.value;
      for (const problem of result.problems) {
        ctx.addIssue({
          code: "custom",
          message: problemMessage(problem),
          path: [...problem.path],
          input: problem.received,
        });
      }
      return z.NEVER;
    })
    // Registered as metadata, so z.toJSONSchema (and zodToFunctionParameters) read it back.
    .meta(metadataOf(definition));
  sources.set(schema, definition);
  compiledSchemas.set(schema, compiled);
  return schema;
}

/** Builds a zod schema that validates what a FunctionParameters definition describes. */
export function functionParametersToZod(
  parameters: FunctionParameters,
): z.ZodType<Record<string, unknown>> {
  return definitionToZod(parameters) as z.ZodType<Record<string, unknown>>;
}

const compiledSchemas = new WeakMap<z.ZodType, CompiledSchema>();

/** The compiled JSON Schema behind a zod schema made by `definitionToZod`, if it is one. */
export function compiledBehind(schema: z.ZodType): CompiledSchema | undefined {
  return compiledSchemas.get(schema);
}

/** The JSON Schema a zod schema made by `definitionToZod` validates with, if it is one. */
export function definitionBehind(schema: z.ZodType): ParameterDefinition | undefined {
  return sources.get(schema);
}

/** The definition as zod metadata: zod reads `id` as its own registry id, so it is left out. */
function metadataOf(definition: ParameterDefinition): Record<string, unknown> {
  const { id: _id, ...rest } = definition as Record<string, unknown>;
  return rest;
}
