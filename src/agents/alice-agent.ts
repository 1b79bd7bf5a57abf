import { OptionsError } from "../errors/errors.ts";
import { Prompt } from "../prompts/prompt.ts";
import { checkModelSettings } from "../providers/check-model-settings.ts";
import type { LanguageModel, ModelSettings } from "../providers/language-model.ts";
import { models as defaultModels, type ModelRegistry } from "../providers/model-registry.ts";

/** Options of `new AliceAgent()`. */
export interface AliceAgentOptions {
  name: string;
  /**
   * Instructions for the model: text, or a Prompt rendered over the task's variables. Sent as
   * the conversation's first (system) message. No default: without one, the model gets only
   * what the task's prompt says (a `.prompt` file may give its own `{{role "system"}}`).
   */
  systemMessage?: string | Prompt;
  /**
   * The model, from a provider factory: `openai("gpt-4o-mini")`, `anthropic("claude-…")`. Without
   * one, a PromptAgentTask uses the model its task template's `.prompt` file names (`model:
   * openai/gpt-4o-mini`), else the system message's, resolved through `models`. When both are
   * given, this one wins over the file's.
   */
  model?: LanguageModel;
  /**
   * Where a `.prompt` file's model name is resolved when the agent has no `model`.
   * @default models (openai/… and anthropic/…, plus what you register)
   */
  models?: ModelRegistry;
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
  /** The system message, when the author gave one. */
  readonly systemMessage: Prompt | undefined;
  /** The agent's own model; undefined when it uses its prompt file's. */
  readonly model: LanguageModel | undefined;
  /** Resolves a prompt file's model name when the agent has no model. */
  readonly models: ModelRegistry;
  readonly hasTools: boolean;
  readonly maxToolRounds: number;
  readonly modelSettings: ModelSettings;
  readonly stream: boolean | "auto";

  /** Throws `OptionsError` (OPTIONS_INVALID) listing every invalid option. */
  constructor(options: AliceAgentOptions) {
    const { name, systemMessage, model } = options;
    this.name = name;
    this.systemMessage =
      typeof systemMessage === "string"
        ? new Prompt({ name: `${name}.system`, content: systemMessage })
        : systemMessage;
    this.model = model;
    this.models = options.models ?? defaultModels;
    this.hasTools = options.hasTools ?? true;
    this.maxToolRounds = options.maxToolRounds ?? 10;
    this.modelSettings = options.modelSettings ?? {};
    this.stream = options.stream ?? "auto";
    const problems = agentProblems(this, systemMessage);
    if (problems.length > 0) throw new OptionsError(`AliceAgent "${String(name)}"`, problems);
  }
}

function agentProblems(agent: AliceAgent, systemMessage: unknown): string[] {
  const problems: string[] = [];
  if (typeof agent.name !== "string" || agent.name.trim() === "")
    problems.push(`name must be a non-empty string; got ${JSON.stringify(agent.name)}.`);
  if (
    systemMessage !== undefined &&
    typeof systemMessage !== "string" &&
    !(systemMessage instanceof Prompt)
  )
    problems.push("systemMessage must be a string or a Prompt.");
  const model = agent.model as Partial<LanguageModel> | undefined;
  if (
    model !== undefined &&
    (typeof model?.generate !== "function" || typeof model.stream !== "function")
  )
    problems.push(
      'model must be a LanguageModel, e.g. openai("gpt-4o-mini") from "alice-agents/openai".',
    );
  const registry = agent.models as Partial<ModelRegistry> | undefined;
  if (typeof registry?.resolve !== "function" || typeof registry.has !== "function")
    problems.push("models must be a ModelRegistry: new ModelRegistry().register(prefix, factory).");
  if (!Number.isInteger(agent.maxToolRounds) || agent.maxToolRounds < 0)
    problems.push(`maxToolRounds must be a whole number ≥ 0; got ${agent.maxToolRounds}.`);
  if (typeof agent.hasTools !== "boolean")
    problems.push(`hasTools must be true or false; got ${JSON.stringify(agent.hasTools)}.`);
  if (agent.stream !== "auto" && typeof agent.stream !== "boolean")
    problems.push(`stream must be true, false or "auto"; got ${JSON.stringify(agent.stream)}.`);
  problems.push(...checkModelSettings(agent.modelSettings).map((p) => `modelSettings: ${p}`));
  return problems;
}
