import Handlebars from "handlebars";
import type { ParametersInput } from "../tools/function-parameters.ts";

/** Options of `new Prompt()`. */
export interface PromptOptions {
  name: string;
  /** The Handlebars template text. */
  content: string;
  /** Declared variables: the seed's FunctionParameters or a zod object schema. */
  parameters?: ParametersInput;
  /** Variables bound ahead of rendering. */
  partialVariables?: Readonly<Record<string, unknown>>;
}

const handlebars = Handlebars.create();

/** A prompt template rendered with Handlebars (no HTML escaping: prompts are not HTML). */
export class Prompt {
  readonly name: string;
  readonly content: string;
  readonly parameters: ParametersInput | undefined;
  readonly partialVariables: Readonly<Record<string, unknown>>;
  #render: HandlebarsTemplateDelegate | undefined;

  constructor(options: PromptOptions) {
    this.name = options.name;
    this.content = options.content;
    this.parameters = options.parameters;
    this.partialVariables = options.partialVariables ?? {};
  }

  /** Renders the template over `inputs` (and the bound partial variables). */
  format(inputs: Readonly<Record<string, unknown>> = {}): string {
    this.#render ??= handlebars.compile(this.content, { noEscape: true, knownHelpersOnly: true });
    return this.#render({ ...this.partialVariables, ...inputs });
  }
}
