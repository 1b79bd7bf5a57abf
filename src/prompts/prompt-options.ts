import type { Message } from "../messages/message.ts";
import type { FunctionParameters, ParametersInput } from "../schema/function-parameters.ts";
import type { DeclarationSites } from "./check-template-variables.ts";
import type { PartialResolver } from "./compile-prompt.ts";
import type { PromptHelpers } from "./custom-helpers.ts";
import type { PromptEnvironment } from "./prompt-environment.ts";
import type { PromptMetadata } from "./prompt-metadata.ts";
import type { PromptWarning, PromptWarningHandler } from "./prompt-warning.ts";

/** Options of `new Prompt()`: content, declared variables, and what a `.prompt` file adds. */
export interface PromptOptions extends PromptMetadata {
  name: string;
  /** The Handlebars template text. */
  content: string;
  /** Declared variables: FunctionParameters (JSON Schema) or a zod object schema. */
  parameters?: ParametersInput;
  /** Variables bound ahead of rendering; inputs of the same name still win. */
  partialVariables?: Readonly<Record<string, unknown>>;
  /** Values for absent inputs (a file's `input.default`); parameter defaults apply too. */
  defaults?: Readonly<Record<string, unknown>>;
  /** Partials by name, or a function that finds them; resolved and compiled on construction. */
  partials?: Readonly<Record<string, string>> | PartialResolver;
  /** The Handlebars environment and compile cache. @default a shared environment */
  environment?: PromptEnvironment;
  /**
   * Custom helpers the template calls, as Genkit's `ai.defineHelper()`: `{ list: (items) => … }`
   * for `{{list ingredients}}`. With `environment`, they are defined on it (a name it already has
   * with another function throws); without, the prompt gets an environment of its own for them.
   */
  helpers?: PromptHelpers;
  /** Called with each warning; they are also kept on `prompt.warnings`. */
  onWarning?: PromptWarningHandler;
  /** Warnings found before construction (by a file loader), kept with the prompt's own. */
  warnings?: readonly PromptWarning[];
  /** Line and column in `filePath` where `content` starts, for error positions. @default 1:1 */
  contentStart?: { line: number; column: number };
  /** Where each parameter and default is declared in `filePath`, for error and warning positions. */
  declaredAt?: DeclarationSites;
}

/** Options of `prompt.render()` and `prompt.renderUnchecked()`. */
export interface PromptRenderOptions {
  /**
   * Data the template reads with `@`, as Dotprompt's render `context`: `{ state: { step: 2 } }`
   * renders `{{@state.step}}`, and likewise `@auth`, `@user` or any other key. Not validated, and
   * not checked against the parameters. `root` cannot be a key: `@root` is the inputs.
   */
  context?: Readonly<Record<string, unknown>>;
}

/** Options of `prompt.messages()`. */
export interface PromptMessagesOptions extends PromptRenderOptions {
  /** Earlier conversation, placed at `{{history}}` (or before the last user message). */
  history?: readonly Message[];
}

/** A prompt as plain data: what `toJSON()` returns and `new Prompt()` accepts back. */
export type PromptDefinition = Omit<
  PromptOptions,
  | "parameters"
  | "partials"
  | "environment"
  | "helpers"
  | "onWarning"
  | "warnings"
  | "contentStart"
  | "declaredAt"
> & { parameters?: FunctionParameters; partials?: Record<string, string> };
