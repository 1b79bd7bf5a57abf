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
import { type CompiledSchema, compileSchema, propertyPointer } from "../schema/compile-schema.ts";
import {
  type FunctionParameters,
  isZodSchema,
  type ParametersInput,
  zodToFunctionParameters,
} from "../schema/function-parameters.ts";
import { convertLossless } from "../schema/prepare-value.ts";
import {
  firstDeclared,
  pathText,
  problemsFromZod,
  type SchemaProblem,
} from "../schema/schema-problem.ts";
import { definitionProblemsText, validateCompiled } from "../schema/validate-json-schema.ts";

/** Declared input variables, normalised once per task definition. */
export interface InputSpec {
  /** The declaration as JSON Schema (FunctionParameters), whichever form was given. */
  readonly parameters: FunctionParameters;
  /** The zod schema, when one was given: it has the last word on validation. */
  readonly zod: z.ZodType | undefined;
  readonly required: ReadonlySet<string>;
  /** What is wrong with the declaration itself (an invalid pattern), for the task's definition check. */
  readonly problems: readonly string[];
  /**
   * The inputs' JSON Schema, compiled (on first need for a zod declaration, which only the
   * conversion of an `anyOf` reads); undefined when nothing is declared.
   */
  compiled(): CompiledSchema | undefined;
}

/** The result of resolving inputs: zod-style, never thrown. */
export type ResolveResult =
  | { success: true; value: Record<string, unknown> }
  | { success: false; error: InputValidationError };

const NO_INPUTS: FunctionParameters = { type: "object", properties: {}, required: [] };

const nothingCompiled = () => undefined;

/** The validated view of each declaration, shared by the tasks declaring the same object. */
const views = new WeakMap<FunctionParameters, CompiledSchema | string>();

/** Normalises `inputVariables` (FunctionParameters or zod) into an `InputSpec`. */
export function compileInputs(input: ParametersInput | undefined): InputSpec {
  const none = (problems: string[]): InputSpec => ({
    parameters: NO_INPUTS,
    zod: undefined,
    required: new Set(),
    problems,
    compiled: nothingCompiled,
  });
  if (input === undefined) return none([]);
  if (isZodSchema(input)) {
    let parameters: FunctionParameters;
    try {
      parameters = zodToFunctionParameters(input);
    } catch (error) {
      // A zod schema that is not an object of named inputs: a definition problem, listed.
      return none([
        `inputVariables: ${error instanceof Error ? error.message : describeThrown(error)}`,
      ]);
    }
    let compiled: CompiledSchema | string | undefined;
    return {
      parameters,
      zod: input,
      required: new Set(parameters.required ?? []),
      problems: [],
      compiled() {
        compiled ??= compileView(parameters);
        return typeof compiled === "string" ? undefined : compiled;
      },
    };
  }
  const parameters = input;
  const declaresNothing =
    Object.keys(parameters.properties ?? {}).length === 0 &&
    (parameters.required ?? []).length === 0;
  const view = declaresNothing ? undefined : compileView(parameters);
  return {
    parameters,
    zod: undefined,
    required: new Set(parameters.required ?? []),
    problems: typeof view === "string" ? [view] : [],
    compiled: () => (typeof view === "string" ? undefined : view),
  };
}

/**
 * The declaration as inputs are validated: without a root `additionalProperties`, since a run
 * carries variables a task does not declare (workflows pass them along). A string: what is wrong.
 */
function compileView(parameters: FunctionParameters): CompiledSchema | string {
  const known = views.get(parameters);
  if (known !== undefined) return known;
  const { additionalProperties: _open, ...view } = parameters;
  const result = compileSchema(view);
  const out = result.success
    ? result.compiled
    : definitionProblemsText(result.problems, "inputVariables");
  views.set(parameters, out);
  return out;
}

/**
 * Validates a run's inputs with the task's schema: defaults filled in (nested ones too), and a
 * value that fails as given converted where nothing is lost (`"3"` → 3, see `convertLossless`)
 * and checked again. A missing required one or a wrong value is an `InputValidationError`
 * naming the variable. Undeclared inputs are kept (workflows pass them along), as fresh plain
 * copies.
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
  if (spec.zod !== undefined) return resolveWithZod(spec, spec.zod, result, taskName);
  const compiled = spec.compiled();
  if (compiled === undefined) return { success: true, value: result };
  const validated = validateCompiled(compiled, result, { convert: true, owned: true });
  if (validated.success)
    return { success: true, value: validated.value as Record<string, unknown> };
  const problem = firstDeclared(validated.problems, spec.parameters.properties);
  return { success: false, error: inputError(problem, taskName, "Input") };
}

/** Conversion from the JSON Schema zod gives, then zod has the last word. */
function resolveWithZod(
  spec: InputSpec,
  zod: z.ZodType,
  result: Record<string, unknown>,
  taskName: string,
): ResolveResult {
  // Only declared variables go to zod: a strict object must not see the run's other variables.
  const declared: Record<string, unknown> = {};
  for (const name of Object.keys(spec.parameters.properties))
    if (result[name] !== undefined) declared[name] = result[name];
  let parsed = zod.safeParse(declared);
  if (!parsed.success) {
    const compiled = spec.compiled();
    const converted =
      compiled === undefined ? undefined : convertLossless(plainCopy(declared), compiled);
    if (converted !== undefined && !converted.success)
      return { success: false, error: inputError(converted.problem, taskName, "Input") };
    if (converted !== undefined) parsed = zod.safeParse(converted.value);
  }
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues, declared);
    const problem = firstDeclared(problems, spec.parameters.properties);
    return { success: false, error: inputError(problem, taskName, "Input", parsed.error) };
  }
  Object.assign(result, parsed.data as Record<string, unknown>);
  return { success: true, value: result };
}

/**
 * Converts a value that is about to become variable `name` (a node's output replacing the input
 * it is named after), and validates it. Undeclared names pass through unchanged.
 */
export function convertNodeOutput(
  spec: InputSpec,
  name: string,
  value: unknown,
  taskName: string,
): ResolveResult {
  if (!Object.hasOwn(spec.parameters.properties, name))
    return { success: true, value: { [name]: value } };
  const what = `Output of node "${name}" for variable`;
  const fail = (problem: SchemaProblem, cause?: unknown): ResolveResult => ({
    success: false,
    error: inputError({ ...problem, path: [name, ...problem.path] }, taskName, what, cause),
  });
  const compiled = spec.compiled();
  const pointer = propertyPointer(name);
  const shape = (spec.zod as { shape?: Record<string, unknown> } | undefined)?.shape?.[name];
  if (spec.zod !== undefined && isZodSchema(shape)) {
    let parsed = shape.safeParse(value);
    if (!parsed.success && compiled !== undefined && !nestedDeeperThan(value)) {
      const converted = convertLossless(plainCopy(value), compiled, pointer);
      if (!converted.success) return fail(converted.problem);
      parsed = shape.safeParse(converted.value);
    }
    if (parsed.success) return { success: true, value: { [name]: parsed.data } };
    const [problem] = problemsFromZod(parsed.error.issues, value);
    return fail(
      problem ?? { path: [], expected: "valid", missing: false, received: value },
      parsed.error,
    );
  }
  if (compiled === undefined) return { success: true, value: { [name]: value } };
  const validated = validateCompiled(compiled, value, { convert: true, pointer });
  if (validated.success) return { success: true, value: { [name]: validated.value } };
  const [problem] = validated.problems;
  return fail(problem ?? { path: [], expected: "valid", missing: false, received: value });
}

function inputError(
  problem: SchemaProblem,
  taskName: string,
  what: string,
  cause?: unknown,
): InputValidationError {
  const variable = pathText(problem.path) || "(inputs)";
  if (problem.missing && problem.path.length === 1 && what === "Input") {
    return new InputValidationError(
      "INPUT_MISSING",
      variable,
      `Missing required input "${variable}" for task "${taskName}" (declared in inputVariables). Pass it to run({ ${variable}: ... }).`,
      { cause },
    );
  }
  const message = problem.missing
    ? `${what} "${variable}" of task "${taskName}" is missing (${problem.expected}).`
    : `${what} "${variable}" of task "${taskName}" must be ${problem.expected}; received ${redactSecrets(describeValue(problem.received))}.`;
  return new InputValidationError("INPUT_INVALID", variable, message, { cause });
}

function invalid(variable: string, message: string, cause?: unknown): ResolveResult {
  return {
    success: false,
    error: new InputValidationError("INPUT_INVALID", variable, message, { cause }),
  };
}
