import type { z } from "zod";
import { describeThrown } from "../errors/describe-thrown.ts";
import { InputValidationError } from "../errors/errors.ts";
import { redactSecrets } from "../errors/redact-secrets.ts";
import {
  describeValue,
  isPlainObject,
  MAX_JSON_DEPTH,
  nestedDeeperThan,
  plainCopy,
} from "../messages/json.ts";
import {
  type FunctionParameters,
  isZodSchema,
  type ParameterDefinition,
  type ParametersInput,
  zodToFunctionParameters,
} from "../schema/function-parameters.ts";
import { compilePattern } from "../tools/definition-to-zod.ts";
import { convertValue } from "./convert-value.ts";

/** Declared input variables, normalised once per task definition. */
export interface InputSpec {
  /** The declaration as JSON Schema (FunctionParameters), whichever form was given. */
  readonly parameters: FunctionParameters;
  /** The zod schema, when one was given: it has the last word on validation. */
  readonly zod: z.ZodType | undefined;
  readonly required: ReadonlySet<string>;
  /** What is wrong with the declaration itself (an invalid pattern), for the task's definition check. */
  readonly problems: readonly string[];
}

/** The result of resolving inputs: zod-style, never thrown. */
export type ResolveResult =
  | { success: true; value: Record<string, unknown> }
  | { success: false; error: InputValidationError };

const NO_INPUTS: FunctionParameters = { type: "object", properties: {}, required: [] };

/** Normalises `inputVariables` (FunctionParameters or zod) into an `InputSpec`. */
export function compileInputs(input: ParametersInput | undefined): InputSpec {
  if (input === undefined)
    return { parameters: NO_INPUTS, zod: undefined, required: new Set(), problems: [] };
  let parameters: FunctionParameters;
  try {
    parameters = isZodSchema(input) ? zodToFunctionParameters(input) : input;
  } catch (error) {
    // A zod schema that is not an object of named inputs: a definition problem, listed.
    const problem = `inputVariables: ${error instanceof Error ? error.message : describeThrown(error)}`;
    return { parameters: NO_INPUTS, zod: undefined, required: new Set(), problems: [problem] };
  }
  const problems: string[] = [];
  for (const [name, definition] of Object.entries(parameters.properties ?? {}))
    collectPatternProblems(`inputVariables.${name}`, definition, problems);
  return {
    parameters,
    zod: isZodSchema(input) ? input : undefined,
    required: new Set(parameters.required ?? []),
    problems,
  };
}

/** Invalid `pattern`s in a declaration: a definition error, not every caller's bad input. */
function collectPatternProblems(
  where: string,
  definition: ParameterDefinition | undefined,
  problems: string[],
): void {
  if (typeof definition !== "object" || definition === null) return;
  if (typeof definition.pattern === "string") {
    try {
      compilePattern(definition.pattern);
    } catch (error) {
      problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const [key, item] of Object.entries(definition.properties ?? {}))
    collectPatternProblems(`${where}.${key}`, item, problems);
  collectPatternProblems(`${where}[]`, definition.items, problems);
  definition.anyOf?.forEach((option, i) => {
    collectPatternProblems(`${where}.anyOf[${i}]`, option, problems);
  });
  if (typeof definition.additionalProperties === "object")
    collectPatternProblems(`${where}.*`, definition.additionalProperties, problems);
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
  try {
    if (!isPlainObject(given)) {
      return invalid(
        "(inputs)",
        `The inputs of task "${taskName}" must be a plain object of variables, e.g. run({ topic: "…" }); received ${redactSecrets(describeValue(given))}.`,
      );
    }
    if (nestedDeeperThan(given)) {
      return invalid(
        "(inputs)",
        `The inputs of task "${taskName}" nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep. Pass flatter values.`,
      );
    }
    return resolveGiven(spec, given, taskName);
  } catch (error) {
    // A getter that throws, a value too deeply nested to copy, a proxy: the inputs cannot be
    // read, which is the caller's problem to fix, reported like any other invalid input.
    return invalid(
      "(inputs)",
      `The inputs of task "${taskName}" could not be read as plain data (${describeThrown(error)}). Pass plain JSON-like values.`,
      error,
    );
  }
}

function resolveGiven(
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
      `${what} "${variable}" of task "${taskName}" must be ${converted.expected}; received ${redactSecrets(describeValue(converted.received))}.`,
    ),
  };
}

function invalid(variable: string, message: string, cause?: unknown): ResolveResult {
  return {
    success: false,
    error: new InputValidationError("INPUT_INVALID", variable, message, { cause }),
  };
}
