import { describeValue } from "../messages/json.ts";
import type { FunctionParameters, ZodObjectSchema } from "../schema/function-parameters.ts";
import { checkValue, type ValueProblem } from "./check-value.ts";
import { PromptError } from "./prompt-error.ts";

/**
 * Validates the values a prompt is about to render, strictly (a wrong type is an error, not a
 * conversion): the engine has already converted task inputs at its boundary, so a mismatch here
 * is a bug to report, and converting `{a: 1}` to `'{"a":1}'` would silently change the prompt.
 * Top-level values the prompt does not declare are allowed and ignored, because the engine
 * passes every run variable. A zod schema validates with zod itself, so its refinements apply,
 * and its output (defaults, transforms) is what renders.
 */
export function validatePromptInputs(
  promptName: string,
  parameters: FunctionParameters,
  zodSchema: ZodObjectSchema | undefined,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (zodSchema !== undefined) return validateWithZod(promptName, zodSchema, values);
  const root = { type: "object" as const, properties: parameters.properties };
  const problem = checkValue(values, { ...root, required: parameters.required ?? [] }, "");
  if (problem !== undefined) throw problemError(promptName, problem);
  return { ...values };
}

/** Checks values bound with `prompt.partial()`: each must be declared and of its declared type. */
export function validateBindings(
  promptName: string,
  parameters: FunctionParameters,
  values: Readonly<Record<string, unknown>>,
): void {
  const declared = parameters.properties;
  for (const [key, value] of Object.entries(values)) {
    const definition = Object.hasOwn(declared, key) ? declared[key] : undefined;
    if (definition === undefined) {
      throw new PromptError(
        "PROMPT_UNKNOWN_VARIABLE",
        `Prompt "${promptName}" has no variable "${key}" to bind. Declared: ${Object.keys(declared).join(", ")}.`,
        { promptName, variable: key },
      );
    }
    const problem = value === undefined ? undefined : checkValue(value, definition, key);
    if (problem !== undefined) throw problemError(promptName, problem);
  }
}

function validateWithZod(
  promptName: string,
  schema: ZodObjectSchema,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result = schema.safeParse(values);
  if (result.success) return { ...values, ...(result.data as Record<string, unknown>) };
  const issue = result.error.issues[0];
  if (issue === undefined) return { ...values };
  const path = issue.path
    .map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join("");
  const received = issue.path.reduce<unknown>(
    (at, key) =>
      typeof at === "object" && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined,
    values,
  );
  const detail = issue as { expected?: unknown; values?: readonly unknown[] };
  let expected = issue.message;
  if (issue.code === "invalid_type" && typeof detail.expected === "string") {
    expected =
      detail.expected === "integer" || detail.expected === "array" || detail.expected === "object"
        ? `an ${detail.expected}`
        : `a ${detail.expected}`;
  } else if (issue.code === "invalid_value" && detail.values !== undefined) {
    expected = `one of ${detail.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  throw problemError(promptName, { path, expected, missing: received === undefined, received });
}

function problemError(promptName: string, problem: ValueProblem): PromptError {
  const details = { promptName, variable: problem.path, expected: problem.expected };
  if (problem.missing) {
    return new PromptError(
      "PROMPT_MISSING_VARIABLE",
      `Prompt "${promptName}" is missing required variable "${problem.path}" (${problem.expected}). Pass it in the inputs or give it a default.`,
      details,
    );
  }
  return new PromptError(
    "PROMPT_INVALID_VARIABLE",
    `Prompt "${promptName}": variable "${problem.path}" must be ${problem.expected}, got ${describeValue(problem.received)}.`,
    details,
  );
}
