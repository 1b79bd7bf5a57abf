import type { HelperDelegate } from "handlebars";
import type { JsonObject } from "../messages/json.ts";
import {
  type FunctionParameters,
  isZodSchema,
  type ParameterDefinition,
  toFunctionParameters,
  type ZodObjectSchema,
} from "../schema/function-parameters.ts";
import { buildMessages, textMessages } from "./build-messages.ts";
import { checkTemplateVariables } from "./check-template-variables.ts";
import { type CompiledPrompt, compilePrompt } from "./compile-prompt.ts";
import { contextDataWarnings } from "./context-data-warnings.ts";
import { markerHelpers, newRenderNonce, tokenizeMarkers } from "./message-markers.ts";
import { promptEnvironmentFor } from "./prompt-environment-for.ts";
import { PromptError } from "./prompt-error.ts";
import type { PromptMessage } from "./prompt-message.ts";
import {
  type AlicePromptOptions,
  type ModelConfig,
  type PromptOutput,
  type PromptToolDefinition,
  pickMetadata,
} from "./prompt-metadata.ts";
import type {
  PromptDefinition,
  PromptMessagesOptions,
  PromptOptions,
  PromptRenderOptions,
} from "./prompt-options.ts";
import type { PromptWarning } from "./prompt-warning.ts";
import { renderSimple } from "./simple-template.ts";
import { validateBindings, validatePromptInputs } from "./validate-prompt-inputs.ts";

/**
 * A prompt template rendered with Handlebars, checked when constructed (syntax, partials,
 * variables against `parameters`) and validated before rendering with `formatPrompt()` and
 * `messages()`. Values are inserted as written: no HTML escaping, never parsed as templates.
 */
export class Prompt {
  readonly name: string;
  readonly content: string;
  readonly parameters: FunctionParameters | undefined;
  readonly partialVariables: Readonly<Record<string, unknown>>;
  readonly defaults: Readonly<Record<string, unknown>>;
  // File metadata, assigned from the options in one go (see PromptMetadata for each field).
  declare readonly id?: string;
  declare readonly variant?: string;
  declare readonly version?: string;
  declare readonly description?: string;
  declare readonly model?: string;
  declare readonly config?: ModelConfig;
  declare readonly tools?: string[];
  declare readonly toolDefs?: PromptToolDefinition[];
  declare readonly inputSchema?: ParameterDefinition;
  declare readonly output?: PromptOutput;
  declare readonly maxTurns?: number;
  declare readonly toolChoice?: string;
  declare readonly returnToolRequests?: boolean;
  declare readonly metadata?: JsonObject;
  declare readonly ext?: Record<string, JsonObject>;
  declare readonly alice?: AlicePromptOptions;
  declare readonly raw?: JsonObject;
  declare readonly filePath?: string;
  /** Problems worth fixing that do not stop the prompt from working. */
  readonly warnings: readonly PromptWarning[];
  readonly #options: PromptOptions;
  readonly #compiled: CompiledPrompt;
  readonly #zod: ZodObjectSchema | undefined;
  readonly #values: Readonly<Record<string, unknown>>;

  constructor(options: PromptOptions) {
    const { name, content, parameters, partialVariables = {}, defaults = {} } = options;
    if (typeof name !== "string" || name === "" || typeof content !== "string") {
      throw new PromptError(
        "PROMPT_INVALID",
        "A prompt needs a non-empty `name` and a string `content`.",
      );
    }
    this.#options = options;
    this.name = name;
    this.content = content;
    this.#zod = isZodSchema(parameters) ? (parameters as ZodObjectSchema) : undefined;
    this.parameters = parameters === undefined ? undefined : toFunctionParameters(parameters);
    this.partialVariables = partialVariables;
    this.defaults = defaults;
    Object.assign(this, pickMetadata(options));
    const partials = options.partials;
    this.#compiled = compilePrompt({
      name,
      content,
      location: { filePath: options.filePath, ...options.contentStart },
      partials:
        typeof partials === "function"
          ? partials
          : (n) => (partials && Object.hasOwn(partials, n) ? partials[n] : undefined),
      environment: promptEnvironmentFor(options),
      options: { preventIndent: options.alice?.preventIndent === true },
    });
    const warnings = [...(options.warnings ?? [])];
    if (this.parameters !== undefined) {
      warnings.push(
        ...checkTemplateVariables({
          promptName: name,
          filePath: options.filePath,
          parameters: this.parameters,
          bound: new Set(Object.keys(partialVariables)),
          defaults,
          used: this.#compiled.variables,
          declaredAt: options.declaredAt,
          customHelpers: this.#compiled.template.customHelpers,
        }),
      );
    }
    warnings.push(
      ...contextDataWarnings({
        promptName: name,
        reads: this.#compiled.contextData,
        usesMessageHelpers: this.#compiled.usesMessageHelpers,
      }),
    );
    for (const warning of warnings.slice(options.warnings?.length ?? 0))
      options.onWarning?.(warning);
    this.warnings = warnings;
    const values: Record<string, unknown> = Object.create(null);
    for (const [key, definition] of Object.entries(this.parameters?.properties ?? {})) {
      if (definition.default !== undefined) values[key] = definition.default;
    }
    this.#values = Object.assign(values, defaults, partialVariables);
  }

  /** The variables a caller still has to (or may) give: declared (or used) minus bound. */
  get inputVariables(): string[] {
    const names = this.parameters
      ? Object.keys(this.parameters.properties)
      : [...this.#compiled.variables.keys()];
    return names.filter((n) => !Object.hasOwn(this.partialVariables, n));
  }

  /**
   * Validates `inputs` against the parameters (required, types, enums), then renders;
   * `options.context` is the template's `@` data (`{{@state.step}}`).
   */
  render(
    inputs: Readonly<Record<string, unknown>> = {},
    options: PromptRenderOptions = {},
  ): string {
    this.#assertSingleMessage();
    return this.#render(this.#validate(inputs), options.context);
  }

  /**
   * Renders the template over `inputs` without validating them: absent variables render empty.
   * For templates over values nothing declares (an output template over node outputs).
   */
  renderUnchecked(
    inputs: Readonly<Record<string, unknown>> = {},
    options: PromptRenderOptions = {},
  ): string {
    this.#assertSingleMessage();
    return this.#render(this.#merge(inputs), options.context);
  }

  /** @deprecated Use `renderUnchecked()` (the same: renders without validating). */
  format(inputs: Readonly<Record<string, unknown>> = {}): string {
    return this.renderUnchecked(inputs);
  }

  /** @deprecated Use `render()` (the same: validates, then renders). */
  formatPrompt(inputs: Readonly<Record<string, unknown>> = {}): string {
    return this.render(inputs);
  }

  /**
   * Validates, renders and splits at `{{role}}` / `{{history}}` markers into messages, in
   * Dotprompt's structure (`toModelMessages()` makes them a model's); `options.history` goes at
   * `{{history}}`, `options.context` is the template's `@` data.
   */
  messages(
    inputs: Readonly<Record<string, unknown>> = {},
    options: PromptMessagesOptions = {},
  ): PromptMessage[] {
    const values = this.#validate(inputs);
    const { history = [], context } = options;
    if (!this.#compiled.usesMessageHelpers) {
      return textMessages(this.#render(values, context), history);
    }
    const nonce = newRenderNonce();
    const text = this.#render(values, context, markerHelpers(nonce, this.name));
    return buildMessages(tokenizeMarkers(text, nonce), history);
  }

  /** A new prompt with some variables bound; they are checked against the parameters now. */
  partial(values: Readonly<Record<string, unknown>>): Prompt {
    if (this.parameters !== undefined) validateBindings(this.name, this.parameters, values);
    const partialVariables = { ...this.partialVariables, ...values };
    return new Prompt({ ...this.#options, partialVariables, warnings: [], onWarning: undefined });
  }

  /** The prompt as plain JSON data; `new Prompt(prompt.toJSON())` rebuilds it. */
  toJSON(): PromptDefinition {
    const definition: PromptDefinition = {
      ...pickMetadata(this.#options),
      name: this.name,
      content: this.content,
    };
    if (this.parameters !== undefined) definition.parameters = this.parameters;
    if (Object.keys(this.partialVariables).length > 0)
      definition.partialVariables = this.partialVariables;
    if (Object.keys(this.defaults).length > 0) definition.defaults = this.defaults;
    const partials = this.#compiled.partialContents;
    if (Object.keys(partials).length > 0) definition.partials = { ...partials };
    return definition;
  }

  #merge(inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const values: Record<string, unknown> = Object.assign(Object.create(null), this.#values);
    for (const [key, value] of Object.entries(inputs)) if (value !== undefined) values[key] = value;
    return values;
  }

  #validate(inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const values = this.#merge(inputs);
    if (this.parameters === undefined) return values;
    return validatePromptInputs(this.name, this.parameters, this.#zod, values);
  }

  #assertSingleMessage(): void {
    if (!this.#compiled.usesMessageHelpers) return;
    throw new PromptError(
      "PROMPT_INVALID",
      `Prompt "${this.name}" uses {{role}}, {{history}}, {{media}} or {{section}}, so it renders to messages: call messages() instead of render().`,
      { promptName: this.name },
    );
  }

  #render(
    values: Record<string, unknown>,
    context: Readonly<Record<string, unknown>> | undefined,
    helpers?: Record<string, HelperDelegate>,
  ): string {
    if (context !== undefined && Object.hasOwn(context, "root")) {
      throw new PromptError(
        "PROMPT_INVALID",
        `Prompt "${this.name}": the render context has a key "root", but @root is the prompt's inputs. Rename the key.`,
        { promptName: this.name },
      );
    }
    // A simple template reads no `@` data, so the context cannot change its text.
    const { simple } = this.#compiled.template;
    const text = simple === undefined ? undefined : renderSimple(simple, values);
    if (text !== undefined) return text;
    try {
      return this.#compiled.template.render(values, {
        helpers,
        partials: this.#compiled.partials,
        data: context,
        // Explicit `false` grants no prototype access and silences Handlebars' console warning.
        allowProtoPropertiesByDefault: false,
        allowProtoMethodsByDefault: false,
      });
    } catch (error) {
      if (error instanceof PromptError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new PromptError(
        "TEMPLATE_RENDER_FAILED",
        `Prompt "${this.name}" could not be rendered: ${detail}`,
        {
          promptName: this.name,
          cause: error,
        },
      );
    }
  }
}
