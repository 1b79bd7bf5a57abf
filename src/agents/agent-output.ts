import { z } from "zod";
import { toolName } from "../engine/task-as-tool.ts";
import type { ResponseFormat } from "../providers/language-model.ts";
import { definitionBehind, definitionToZod } from "../schema/definition-to-zod.ts";
import {
  type FunctionParameters,
  isZodSchema,
  type ParameterDefinition,
  zodToFunctionParameters,
} from "../schema/function-parameters.ts";

/** An agent's `outputSchema`: a zod schema, or a JSON Schema (FunctionParameters for an object). */
export type OutputSchema<TOutput = unknown> = z.ZodType<TOutput> | ParameterDefinition;

/** What an agent task makes of its output schema, once. */
export interface AgentOutput {
  /** Parses and validates the final answer. */
  readonly validator: z.ZodType;
  /** The answer's JSON Schema: what the model is asked for, and shown in a repair. */
  readonly jsonSchema: ParameterDefinition;
  /**
   * What every model call asks for: JSON matching the schema, named after the task. Undefined
   * when the schema's root is not an object, which no provider takes as a response format.
   */
  readonly responseFormat: ResponseFormat | undefined;
}

/**
 * An agent task's output schema made into its validator, its JSON Schema (`z.toJSONSchema` of
 * a zod schema, as the model writes it: its input side) and the response format every model
 * call sends. A schema that is neither zod nor a valid JSON Schema is a problem.
 */
export function agentOutput(
  taskName: unknown,
  schema: unknown,
  problems: string[],
): AgentOutput | undefined {
  if (schema === undefined) return undefined;
  let made: Omit<AgentOutput, "responseFormat"> | undefined;
  try {
    made = isZodSchema(schema)
      ? { validator: schema, jsonSchema: zodJsonSchema(schema) }
      : isObject(schema)
        ? { validator: definitionToZod(schema), jsonSchema: schema }
        : undefined;
  } catch (error) {
    problems.push(
      `outputSchema cannot be made a JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  if (made === undefined) {
    problems.push(
      `outputSchema must be a zod schema or a JSON Schema object; got ${typeof schema === "string" ? JSON.stringify(schema) : String(schema)}.`,
    );
    return undefined;
  }
  const responseFormat: ResponseFormat | undefined =
    made.jsonSchema.type === "object"
      ? { type: "json", schema: made.jsonSchema as FunctionParameters, name: formatName(taskName) }
      : undefined;
  return { ...made, responseFormat };
}

/** The JSON Schema of a zod schema: the definition behind one made from JSON Schema, else zod's. */
function zodJsonSchema(schema: z.ZodType): ParameterDefinition {
  const behind = definitionBehind(schema);
  if (behind !== undefined) return behind;
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  // An object schema as tools have it (without zod's ±(2^53 − 1) bounds on every integer).
  return json.type === "object" ? zodToFunctionParameters(schema) : (json as ParameterDefinition);
}

/** The task's name as a response format's name (`^[a-zA-Z0-9_-]{1,64}$`, as a tool's). */
function formatName(taskName: unknown): string {
  return toolName(typeof taskName === "string" ? taskName : "");
}

function isObject(value: unknown): value is ParameterDefinition {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
