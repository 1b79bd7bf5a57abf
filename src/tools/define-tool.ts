import type { z } from "zod";
import { AliceError } from "../errors/alice-error.ts";
import { compileSchema } from "../schema/compile-schema.ts";
import { functionParametersToZod } from "../schema/definition-to-zod.ts";
import {
  type FunctionParameters,
  isZodSchema,
  zodToFunctionParameters,
} from "../schema/function-parameters.ts";
import { definitionProblemsText } from "../schema/validate-json-schema.ts";

/** What a tool's `execute` receives besides its arguments. */
export interface ToolContext {
  /** The id of the model's tool call this execution answers. */
  toolCallId: string;
  /** Fires when the run is aborted or the tool's time limit passes. */
  signal: AbortSignal;
  /**
   * A key for the outside world (an `Idempotency-Key` header, a unique column): the same each
   * time this call of this run executes, also when a resumed durable run executes it again
   * after a crash. Without a store it is the tool-call id.
   */
  idempotencyKey: string;
}

/** A function the model can call: a name, a description, a schema, and the code to run. */
export interface Tool<TArgs = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  /** The arguments' JSON Schema, sent to the provider. */
  readonly parameters: FunctionParameters;
  /** Validates the model's (parsed) arguments. */
  readonly schema: z.ZodType<TArgs>;
  /** Time limit of one execution. @default the agent's toolTimeoutMs */
  readonly timeoutMs: number | undefined;
  /** Whether running a call again is safe (see `idempotent` of `defineTool`). @default false */
  readonly idempotent?: boolean;
  execute(args: TArgs, context: ToolContext): unknown;
}

/** Options every tool takes, whatever its schema. */
interface ToolOptions {
  name: string;
  description: string;
  timeoutMs?: number;
  /**
   * Running a call of this tool twice has the effect of running it once (a read, an upsert, a
   * request that passes `context.idempotencyKey` on). In a durable run that stopped while a call
   * was running, an idempotent call runs again on resume; any other pauses the run to ask a
   * person whether its effect happened. @default false
   */
  idempotent?: boolean;
}

/** Options of `defineTool` with a zod schema: `execute` gets typed arguments. */
export interface ZodToolOptions<TSchema extends z.ZodType> extends ToolOptions {
  input: TSchema;
  execute: (args: z.output<TSchema>, context: ToolContext) => unknown;
}

/** Options of `defineTool` with FunctionParameters (JSON Schema). */
export interface ParametersToolOptions extends ToolOptions {
  input: FunctionParameters;
  execute: (args: Record<string, unknown>, context: ToolContext) => unknown;
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a tool from a zod schema or FunctionParameters (JSON Schema). The model's arguments are
 * parsed and validated before `execute` runs; a bad name or schema throws at definition time.
 */
export function defineTool<TSchema extends z.ZodType>(
  options: ZodToolOptions<TSchema>,
): Tool<z.output<TSchema>>;
export function defineTool(options: ParametersToolOptions): Tool<Record<string, unknown>>;
export function defineTool(
  options: ZodToolOptions<z.ZodType> | ParametersToolOptions,
): Tool<unknown> {
  const { name, description, input, execute, timeoutMs, idempotent = false } = options;
  const problems: string[] = [];
  if (typeof name !== "string" || !TOOL_NAME.test(name)) {
    problems.push(
      `name ${JSON.stringify(name)} must match ^[a-zA-Z0-9_-]{1,64}$ (what every provider accepts)`,
    );
  }
  if (typeof description !== "string") problems.push("description must be a string");
  if (typeof execute !== "function") problems.push("execute must be a function");
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    problems.push("timeoutMs must be a positive number");
  if (typeof idempotent !== "boolean") problems.push("idempotent must be true or false");
  let parameters: FunctionParameters | undefined;
  let schema: z.ZodType | undefined;
  if (isZodSchema(input)) {
    try {
      parameters = zodToFunctionParameters(input);
      schema = input;
    } catch (error) {
      problems.push(`input: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    // Compiled now, so a bad pattern or a $ref that points nowhere fails here, not at a call.
    const compiled = compileSchema(input as FunctionParameters);
    if (compiled.success) {
      parameters = input as FunctionParameters;
      schema = functionParametersToZod(parameters);
    } else {
      problems.push(definitionProblemsText(compiled.problems, "input"));
    }
  }
  if (problems.length > 0 || parameters === undefined || schema === undefined) {
    throw new AliceError(
      "TOOL_DEFINITION_INVALID",
      `Tool ${JSON.stringify(name)} is not valid: ${problems.join("; ")}.`,
    );
  }
  return {
    name,
    description,
    parameters,
    schema,
    timeoutMs,
    idempotent,
    execute: execute as (args: unknown, context: ToolContext) => unknown,
  };
}
