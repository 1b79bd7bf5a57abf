import { Prompt } from "../prompts/prompt.ts";
import type { ModelProvider, ModelSettings } from "../providers/model-provider.ts";

/** Options of `new AliceAgent()`. */
export interface AliceAgentOptions {
  name: string;
  /** Instructions for the model: text, or a Prompt rendered over the task's variables. @default "You are a helpful assistant." */
  systemMessage?: string | Prompt;
  /** The model, from a provider factory: `openai("gpt-4o-mini")`, `anthropic("claude-…")`. */
  model: ModelProvider;
  /** Whether the agent may call tools. @default true */
  hasTools?: boolean;
  /** Rounds of tool calls one run may make before it fails with MAX_TOOL_ROUNDS. @default 10 */
  maxToolRounds?: number;
  /** Settings for every model call of this agent (a task's or a prompt file's settings come first). */
  modelSettings?: ModelSettings;
  /**
   * Stream model answers: `true` always, `false` never, `"auto"` when someone receives the
   * run's events (`stream()` or `onEvent`), so text deltas reach them as they arrive. @default "auto"
   */
  stream?: boolean | "auto";
}

/** Who answers in a PromptAgentTask: a model with instructions and a tool policy. */
export class AliceAgent {
  readonly name: string;
  readonly systemMessage: Prompt;
  readonly model: ModelProvider;
  readonly hasTools: boolean;
  readonly maxToolRounds: number;
  readonly modelSettings: ModelSettings;
  readonly stream: boolean | "auto";

  constructor(options: AliceAgentOptions) {
    const { systemMessage = "You are a helpful assistant." } = options;
    this.name = options.name;
    this.systemMessage =
      typeof systemMessage === "string"
        ? new Prompt({ name: `${options.name}.system`, content: systemMessage })
        : systemMessage;
    this.model = options.model;
    this.hasTools = options.hasTools ?? true;
    this.maxToolRounds = options.maxToolRounds ?? 10;
    this.modelSettings = options.modelSettings ?? {};
    this.stream = options.stream ?? "auto";
    if (!Number.isInteger(this.maxToolRounds) || this.maxToolRounds < 0) {
      throw new TypeError(
        `AliceAgent "${this.name}": maxToolRounds must be a whole number ≥ 0; got ${this.maxToolRounds}.`,
      );
    }
  }
}
