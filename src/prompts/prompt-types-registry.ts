import type { Message } from "../messages/message.ts";
import type { Prompt } from "./prompt.ts";
import { PromptError } from "./prompt-error.ts";
import type { PromptMessagesOptions, PromptRenderOptions } from "./prompt-options.ts";
import type { PromptRegistry } from "./prompt-registry.ts";

// `render()` and `messages()` may be called without inputs when every input is optional.
type InputArgs<Input, Rest extends unknown[]> =
  Record<never, never> extends Input
    ? [inputs?: Input, ...rest: Rest]
    : [inputs: Input, ...rest: Rest];

/**
 * A `Prompt` whose `render()`, `messages()` and `partial()` take its declared `Input` type, and
 * which carries the type of the answer it asks for (`Output`): what `alice types` declares for
 * each `.prompt` file. At run time it is the loaded `Prompt` itself, so it can go anywhere a
 * `Prompt` goes (agents, task templates); inputs are still validated when it renders.
 */
export interface TypedPrompt<
  Input extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>,
  Output = unknown,
> extends Prompt {
  /** Validates `inputs` against the parameters, then renders (`options.context`: `@` data). */
  render(...args: InputArgs<Input, [options?: PromptRenderOptions]>): string;
  /** @deprecated Use `render()` (the same: validates, then renders). */
  formatPrompt(...args: InputArgs<Input, []>): string;
  /** Validates, renders and splits at `{{role}}` / `{{history}}` markers into messages. */
  messages(...args: InputArgs<Input, [options?: PromptMessagesOptions]>): Message[];
  /** A new prompt with some variables bound; the caller may still pass them. */
  partial<K extends keyof Input>(
    values: Pick<Input, K>,
  ): TypedPrompt<Omit<Input, K> & Partial<Pick<Input, K>>, Output>;
  /**
   * Type-only, never set: the input and output types, for code generic over prompts
   * (`P extends TypedPrompt<infer I, infer O>`), as Standard Schema's `types` are.
   */
  readonly "~types"?: { readonly input: Input; readonly output: Output };
}

/**
 * The shape of the `PromptTypes` interface that `alice types` writes: the typed prompts of a
 * folder by id, and its variants by id and variant name.
 */
export interface PromptTypeMap {
  readonly prompts: object;
  readonly variants: object;
}

/** A `PromptRegistry` seen through the generated `PromptTypes`: `get()` knows every id's types. */
export interface TypedPromptRegistry<T extends PromptTypeMap> {
  /** The prompt with this id (`support/triage` for `support/triage.prompt`). */
  get<Id extends keyof T["prompts"] & string>(id: Id): T["prompts"][Id];
  /** A variant: `get("greet", "formal")` for `greet.formal.prompt`. */
  get<Id extends keyof T["variants"] & string, V extends keyof T["variants"][Id] & string>(
    id: Id,
    variant: V,
  ): T["variants"][Id][V];
  /** The registry itself, untyped: `ids()`, `variants()`, `warnings`, iteration. */
  readonly registry: PromptRegistry;
}

/**
 * Types a loaded registry with the `PromptTypes` that `alice types <dir>` generated for its
 * folder: `typedPrompts<PromptTypes>(await loadPromptDir("prompts"))`. The types are trusted, as
 * a cast would be; a prompt they name that the folder no longer has fails `get()` with
 * `PROMPT_FILE_INVALID` (run `alice types` again; `--check` in CI catches stale types).
 */
export function typedPrompts<T extends PromptTypeMap>(
  registry: PromptRegistry,
): TypedPromptRegistry<T> {
  const get = (id: string, variant?: string): Prompt => {
    const prompt = registry.get(id, variant);
    if (prompt !== undefined) return prompt;
    const which = variant === undefined ? `"${id}"` : `"${id}" (variant "${variant}")`;
    throw new PromptError(
      "PROMPT_FILE_INVALID",
      `The registry has no prompt ${which}, but its generated types list it: the file was renamed or removed since they were generated. Run \`alice types\` on the folder again.`,
      { promptName: id },
    );
  };
  return { get, registry } as TypedPromptRegistry<T>;
}
