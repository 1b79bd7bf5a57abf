import type { z } from "zod";

/**
 * How a task's inputs are typed: by its zod `inputVariables` schema (`AliceTask<typeof schema>`,
 * or inferred by `new PromptAgentTask({ inputVariables: z.object(…) })`), or by the inputs' type.
 */
export type InputsType = z.ZodType | Record<string, unknown>;

/** The run's variables as nodes see them: the schema's output type (defaults applied), or the type given. */
export type InputsOf<T> = T extends z.ZodType ? z.output<T> : T;

/**
 * What `run()` takes: a schema's input type (inputs with defaults are optional); a plain type's
 * properties, each optional; anything for a task whose inputs are not typed. A misspelt input of
 * a typed task is a compile error.
 */
export type RunInputs<T> = T extends z.ZodType
  ? Readonly<z.input<T>>
  : string extends keyof T
    ? Readonly<Record<string, unknown>>
    : Readonly<Partial<T>>;

/** Options whose `inputVariables` is a zod schema that types the task's inputs (for overloads). */
export type TypedInputs<TOptions, TInputs> = Omit<TOptions, "inputVariables"> & {
  inputVariables: TInputs & z.ZodType;
};
