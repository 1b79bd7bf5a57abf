import type { z } from "zod";
import { InputValidationError } from "../errors/errors.ts";
import { describeValue, plainCopy } from "../messages/json.ts";
import {
  type FunctionParameters,
  isZodSchema,
  type ParameterDefinition,
  type ParametersInput,
  zodToFunctionParameters,
} from "../tools/function-parameters.ts";
import { convertValue } from "./convert-value.ts";

/** Declared input variables, normalised once per task definition. */
export interface InputSpec {
  /** The declaration as JSON Schema (FunctionParameters), whichever form was given. */
  readonly parameters: FunctionParameters;
  /** The zod schema, when one was given: it has the last word on validation. */
  readonly zod: z.ZodType | undefined;
  readonly required: ReadonlySet<string>;
}

/** The result of resolving inputs: zod-style, never thrown. */
export type ResolveResult =
  | { success: true; value: Record<string, unknown> }
  | { success: false; error: InputValidationError };

const NO_INPUTS: FunctionParameters = { type: "object", properties: {}, required: [] };

/** Normalises `inputVariables` (FunctionParameters or zod) into an `InputSpec`. */
export function compileInputs(input: ParametersInput | undefined): InputSpec {
  if (input === undefined) return { parameters: NO_INPUTS, zod: undefined, required: new Set() };
  const parameters = isZodSchema(input) ? zodToFunctionParameters(input) : input;
  return {
    parameters,
    zod: isZodSchema(input) ? input : undefined,
    required: new Set(parameters.required ?? []),
  };
}

/**
 * Validates a run's inputs: each declared variable is the given value, else its default,
 * converted to the declared type where lossless; a missing required one or an unconvertible
 * value is an `InputValidationError` naming the variable. Undeclared inputs are kept (workflows
 * pass them along), as fresh plain copies.
 */
export function resolveInputs(
  spec: InputSpec,
  given: Readonly<Record<string, unknown>>,
  taskName: string,
): ResolveResult {
  const result = plainCopy(given) as Record<string, unknown>;
  const declared: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(spec.parameters.properties)) {
    let value = result[name];
    if (value === undefined) value = definition.default;
    if (value === undefined) {
      if (spec.required.has(name)) {
        return {
          success: false,
          error: new InputValidationError(
            "INPUT_MISSING",
            name,
            `Missing required input "${name}" for task "${taskName}" (declared in inputVariables). Pass it to run({ ${name}: ... }).`,
          ),
        };
      }
      continue;
    }
    const converted = convertVariable(name, definition, value, taskName, "Input");
    if (!converted.success) return converted;
    declared[name] = converted.value;
  }
  if (spec.zod !== undefined) {
    const parsed = spec.zod.safeParse(declared);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const name = issue?.path.map(String).join(".") || "(inputs)";
      return {
        success: false,
        error: new InputValidationError(
          "INPUT_INVALID",
          name,
          `Input "${name}" of task "${taskName}" is invalid: ${issue?.message ?? "rejected by the schema"}.`,
          { cause: parsed.error },
        ),
      };
    }
    Object.assign(declared, parsed.data as Record<string, unknown>);
  }
  Object.assign(result, declared);
  return { success: true, value: result };
}

/**
 * Converts a value that is about to become variable `name` (a node's output replacing the input
 * it is named after). Undeclared names pass through unchanged.
 */
export function convertNodeOutput(
  spec: InputSpec,
  name: string,
  value: unknown,
  taskName: string,
): ResolveResult {
  const definition = spec.parameters.properties[name];
  if (definition === undefined) return { success: true, value: { [name]: value } };
  const converted = convertVariable(
    name,
    definition,
    value,
    taskName,
    `Output of node "${name}" for variable`,
  );
  return converted.success ? { success: true, value: { [name]: converted.value } } : converted;
}

function convertVariable(
  name: string,
  definition: ParameterDefinition,
  value: unknown,
  taskName: string,
  what: string,
): { success: true; value: unknown } | { success: false; error: InputValidationError } {
  const converted = convertValue(value, definition);
  if (converted.success) return converted;
  const variable =
    converted.path === ""
      ? name
      : `${name}${converted.path.startsWith("[") ? "" : "."}${converted.path}`;
  return {
    success: false,
    error: new InputValidationError(
      "INPUT_INVALID",
      variable,
      `${what} "${variable}" of task "${taskName}" must be ${converted.expected}; received ${describeValue(converted.received)}.`,
    ),
  };
}
