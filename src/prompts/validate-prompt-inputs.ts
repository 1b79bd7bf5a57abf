import { type CompiledSchema, compileSchema, propertyPointer } from "../schema/compile-schema.ts";
import type { FunctionParameters, ZodObjectSchema } from "../schema/function-parameters.ts";
import {
  firstDeclared,
  pathText,
  problemMessage,
  problemsFromZod,
  type SchemaProblem,
} from "../schema/schema-problem.ts";
import { definitionProblemsText, validateCompiled } from "../schema/validate-json-schema.ts";
import { PromptError } from "./prompt-error.ts";

/**
 * Validates the values a prompt is about to render, strictly (a wrong type is an error, not a
 * conversion): the engine has already converted task inputs at its boundary, so a mismatch here
 * is a bug to report, and converting `{a: 1}` to `'{"a":1}'` would silently change the prompt.
 * Declared defaults are filled in. Top-level values the prompt does not declare are allowed and
 * ignored, because the engine passes every run variable; a null for an optional variable that
 * does not accept null renders as an absent one. A zod schema validates with zod itself, so its
 * refinements apply, and its output (defaults, transforms) is what renders.
 */
export function validatePromptInputs(
  promptName: string,
  parameters: FunctionParameters,
  zodSchema: ZodObjectSchema | undefined,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (zodSchema !== undefined) return validateWithZod(promptName, zodSchema, values);
  const result = validateCompiled(promptSchema(promptName, parameters), values, {
    nullAsAbsent: true,
  });
  if (!result.success)
    throw problemError(promptName, firstDeclared(result.problems, parameters.properties));
  return { ...(result.value as Record<string, unknown>) };
}

/** Checks values bound with `prompt.partial()`: each must be declared and of its declared type. */
export function validateBindings(
  promptName: string,
  parameters: FunctionParameters,
  values: Readonly<Record<string, unknown>>,
): void {
  const declared = parameters.properties;
  for (const [key, value] of Object.entries(values)) {
    if (!Object.hasOwn(declared, key)) {
      throw new PromptError(
        "PROMPT_UNKNOWN_VARIABLE",
        `Prompt "${promptName}" has no variable "${key}" to bind. Declared: ${Object.keys(declared).join(", ")}.`,
        { promptName, variable: key },
      );
    }
    if (value === undefined) continue;
    const compiled = promptSchema(promptName, parameters);
    const result = validateCompiled(compiled, value, { pointer: propertyPointer(key) });
    if (!result.success) {
      const problem = result.problems[0];
      if (problem !== undefined)
        throw problemError(promptName, { ...problem, path: [key, ...problem.path] });
    }
  }
}

const compiledPrompts = new WeakMap<FunctionParameters, CompiledSchema | string>();

/** The prompt's parameters as validated (no root `additionalProperties`), compiled once. */
function promptSchema(promptName: string, parameters: FunctionParameters): CompiledSchema {
  let compiled = compiledPrompts.get(parameters);
  if (compiled === undefined) {
    const { additionalProperties: _open, ...view } = parameters;
    const result = compileSchema({ ...view, type: "object" });
    compiled = result.success ? result.compiled : definitionProblemsText(result.problems);
    compiledPrompts.set(parameters, compiled);
  }
  if (typeof compiled === "string") {
    throw new PromptError(
      "PROMPT_INVALID",
      `Prompt "${promptName}" declares an input schema that is not valid: ${compiled}.`,
      { promptName },
    );
  }
  return compiled;
}

function validateWithZod(
  promptName: string,
  schema: ZodObjectSchema,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result = schema.safeParse(values);
  if (result.success) return { ...values, ...(result.data as Record<string, unknown>) };
  const problems = problemsFromZod(result.error.issues, values);
  if (problems.length === 0) return { ...values };
  throw problemError(promptName, firstDeclared(problems, schema.shape));
}

function problemError(promptName: string, problem: SchemaProblem): PromptError {
  const variable = pathText(problem.path);
  const details = { promptName, variable, expected: problem.expected };
  if (problem.missing) {
    return new PromptError(
      "PROMPT_MISSING_VARIABLE",
      `Prompt "${promptName}" is missing required variable "${variable}" (${problem.expected}). Pass it in the inputs or give it a default.`,
      details,
    );
  }
  return new PromptError(
    "PROMPT_INVALID_VARIABLE",
    `Prompt "${promptName}": variable "${variable}" ${problemMessage(problem)}.`,
    details,
  );
}
