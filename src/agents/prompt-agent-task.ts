import type { z } from "zod";
import {
  AliceTask,
  type AliceTaskOptions,
  type InputsType,
  type NodeContext,
  type NodeResponse,
  type NodeResult,
  type SubclassDefinition,
  type TasksEndCodeRouting,
  type TypedInputs,
} from "../engine/index.ts";
import type { AssistantMessage, Message } from "../messages/message.ts";
import type { Prompt } from "../prompts/prompt.ts";
import type {
  LanguageModel,
  ModelRequest,
  ModelSettings,
  ResponseFormat,
} from "../providers/language-model.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { OutputSchema } from "./agent-output.ts";
import type { AgentTools } from "./agent-tools.ts";
import type { AliceAgent } from "./alice-agent.ts";
import { callModel, resolveCallModel } from "./call-model.ts";
import { conversationOf } from "./conversation.ts";
import { FatalNodeError } from "./fatal-node-error.ts";
import { type AnswerJudge, type AnswerRules, judgeAnswer } from "./judge-answer.ts";
import { prepareAgentTask } from "./prepare-agent-task.ts";
import { AgentExitCode, PROMPT_AGENT_ROUTING } from "./prompt-agent-routing.ts";
import { renderPrompt } from "./render-prompt.ts";
import { runAgentTools, type ToolRoundLimits } from "./run-agent-tools.ts";
import { loadThread, recordTurn, withHistory } from "./thread-history.ts";

/** Templates of a PromptAgentTask: `task_template` renders the user message. */
export interface PromptAgentTemplates {
  task_template: string | Prompt;
  output_template?: string | Prompt;
  [name: string]: string | Prompt | undefined;
}

/**
 * Options of `new PromptAgentTask()`. `TOutput` is what a zod `outputSchema` parses an answer
 * to: the type of the response's `structuredOutput`.
 */
export interface PromptAgentTaskOptions<TOutput = unknown>
  extends Omit<AliceTaskOptions, "nodeEndCodeRouting" | "templates"> {
  agent: AliceAgent;
  templates: PromptAgentTemplates;
  /** @default llm_generation {0: end, 1: retry, 2: tool_call_execution}; tool_call_execution {0: llm_generation, 1: retry} */
  nodeEndCodeRouting?: TasksEndCodeRouting;
  /** Function tools (see `defineTool`). Sub-tasks in `tasks` are offered as tools too. */
  tools?: readonly Tool<unknown>[];
  /**
   * The final answer's schema, zod or JSON Schema (a `.prompt` file's `output.schema` when not
   * given). Every model call asks for JSON matching it (`responseFormat`, when its root is an
   * object); the answer is parsed and validated, and a failure is fed back to the model once,
   * with each problem and the schema. The parsed value is the response's `structuredOutput`.
   */
  outputSchema?: OutputSchema<TOutput>;
  /** Tool calls of one answer that may run at once. @default 8 */
  maxToolConcurrency?: number;
  /** Time limit of a tool without its own. @default 60000 */
  toolTimeoutMs?: number;
  /** Settings for this task's model calls (over the agent's). */
  modelSettings?: ModelSettings;
}

/** What a subclass adds to a PromptAgentTask: definition problems, and how answers are judged. */
export interface AgentSubclassDefinition extends SubclassDefinition {
  /** Decides what each answer means. @default judgeAnswer */
  judgeAnswer?: AnswerJudge;
}

/**
 * A task whose nodes ask a model and run its tool calls: `llm_generation` sends the system
 * message, the rendered `task_template` and this run's answers and tool results; when the model
 * calls tools, `tool_call_execution` runs them and routes back to the model. A run of a chat
 * thread (`run(inputs, { store, threadId, historyWindow })`) also sends the thread's earlier
 * turns, between the system message and the task (see `thread-history.ts`).
 */
export class PromptAgentTask<
  TInputs extends InputsType = Record<string, unknown>,
  TOutput = unknown,
> extends AliceTask<TInputs, TOutput> {
  readonly agent: AliceAgent;
  readonly taskTemplate: Prompt;
  /** Validates the final answer: the `outputSchema` option (a JSON Schema made zod), or the file's. */
  readonly outputSchema: z.ZodType | undefined;
  /** What every model call asks for: JSON matching the output schema (made once). */
  readonly responseFormat: ResponseFormat | undefined;
  readonly maxToolConcurrency: number;
  readonly toolTimeoutMs: number;
  readonly modelSettings: ModelSettings;
  readonly #tools: AgentTools;
  readonly #toolLimits: ToolRoundLimits;
  readonly #judge: AnswerJudge;
  /** The model name of a `.prompt` file, resolved at the first call when the agent has no model. */
  readonly #modelName: string | undefined;
  /** The model every call uses and the rules its answers are judged by (once the model is known). */
  #model: { model: LanguageModel; rules: AnswerRules } | undefined;
  readonly #rules: AnswerRules;
  /** Every model request but its messages: settings, tools, response format (made once). */
  readonly #request: Omit<ModelRequest, "messages">;

  /**
   * Throws one `TaskDefinitionError` listing every problem (see `AliceTask`'s constructor).
   * With a zod `inputVariables`, `run()`'s inputs are typed by it. An option given as
   * `undefined` takes its default.
   */
  constructor(
    options: TypedInputs<PromptAgentTaskOptions<TOutput>, TInputs>,
    subclass?: AgentSubclassDefinition,
  );
  constructor(options: PromptAgentTaskOptions<TOutput>, subclass?: AgentSubclassDefinition);
  constructor(options: PromptAgentTaskOptions<TOutput>, subclass: AgentSubclassDefinition = {}) {
    const {
      agent,
      templates,
      tools = [],
      outputSchema,
      maxToolConcurrency = 8,
      toolTimeoutMs = 60_000,
      modelSettings = {},
      nodeEndCodeRouting,
      startNode,
      maxNodeExecutions,
      inputVariables,
      ...rest
    } = options;
    const prepared = prepareAgentTask({
      taskName: options.taskName,
      agent,
      taskTemplate: templates?.task_template,
      tools,
      tasks: options.tasks ?? {},
      outputSchema,
      maxToolConcurrency,
      toolTimeoutMs,
      modelSettings,
    });
    const { taskTemplate, problems } = prepared;
    super(
      {
        ...rest,
        nodeEndCodeRouting: nodeEndCodeRouting ?? PROMPT_AGENT_ROUTING,
        startNode: startNode ?? "llm_generation",
        maxNodeExecutions:
          maxNodeExecutions ?? Math.max(100, (prepared.agent?.maxToolRounds ?? 0) * 2 + 10),
        inputVariables: inputVariables ?? taskTemplate?.parameters,
        templates: Object.fromEntries(
          Object.entries(templates ?? {}).filter(
            (e): e is [string, string | Prompt] => e[1] !== undefined,
          ),
        ),
      },
      {
        problems: [...(subclass.problems ?? []), ...problems],
        templates: {
          ...subclass.templates,
          ...(prepared.agent?.systemMessage === undefined
            ? {}
            : { "agent.systemMessage": prepared.agent.systemMessage }),
        },
      },
    );
    this.agent = agent;
    this.taskTemplate = taskTemplate!;
    this.outputSchema = prepared.output?.validator;
    this.responseFormat = prepared.output?.responseFormat;
    this.maxToolConcurrency = maxToolConcurrency;
    this.toolTimeoutMs = toolTimeoutMs;
    this.modelSettings = modelSettings;
    this.#tools = prepared.tools;
    this.#toolLimits = { maxConcurrency: maxToolConcurrency, timeoutMs: toolTimeoutMs };
    this.#judge = subclass.judgeAnswer ?? judgeAnswer;
    this.#rules = {
      taskName: this.taskName,
      agentName: agent.name,
      hasTools: agent.hasTools,
      maxToolRounds: this.maxToolRounds,
      maxOutputTokens: prepared.callSettings.maxOutputTokens,
      outputSchema: this.outputSchema,
      outputJsonSchema: prepared.output?.jsonSchema,
    };
    this.#modelName = prepared.modelName;
    if (agent.model !== undefined) this.#model = this.#withRules(agent.model);
    this.#request = { settings: prepared.callSettings };
    if (agent.hasTools && prepared.tools.specs.length > 0)
      this.#request.tools = prepared.tools.specs;
    if (this.responseFormat !== undefined) this.#request.responseFormat = this.responseFormat;
  }

  /** Tool rounds one run may make: the prompt file's `alice.maxToolRounds`, else the agent's. */
  get maxToolRounds(): number {
    return this.taskTemplate.alice?.maxToolRounds ?? this.agent.maxToolRounds;
  }

  /**
   * Asks the model; routes on what it answered (0 final answer, 1 rejected answer, 2 tool calls).
   * A model named by a `.prompt` file is resolved at the first call and kept for every run.
   */
  async execute_llm_generation(ctx: NodeContext): Promise<NodeResult> {
    try {
      const { model, rules } = this.#model ?? (await this.#resolveModel(ctx.signal));
      const conversation = conversationOf(ctx.executionHistory);
      const prompt = conversation.prompted
        ? undefined
        : renderPrompt(this.agent.systemMessage, this.taskTemplate, ctx.inputs);
      // A run of a chat thread sends the thread's earlier turns after the system message.
      const thread = ctx.thread && (await loadThread(ctx, ctx.thread, prompt));
      let messages =
        prompt === undefined ? conversation.messages.slice() : conversation.messages.concat(prompt);
      if (thread !== undefined) messages = withHistory(messages, thread.messages);
      const stream = this.agent.stream === "auto" ? ctx.streaming : this.agent.stream;
      const answer = await callModel(model, { messages, ...this.#request }, stream, ctx);
      const result = this.#judge(answer, rules, {
        toolRounds: conversation.toolRounds,
        repairAttempt: ctx.nodeResponses.llm_generation?.references.data?.repair === true,
      });
      if (thread !== undefined) await recordTurn(ctx, thread, result, answer);
      return recordAnswer(result, answer, prompt, ctx);
    } catch (error) {
      if (error instanceof FatalNodeError) return error.toResult();
      throw error;
    }
  }

  /** Resolves the `.prompt` file's model; kept once resolved (concurrent first runs may both ask). */
  async #resolveModel(signal: AbortSignal): Promise<{ model: LanguageModel; rules: AnswerRules }> {
    const model = await resolveCallModel(this.agent.models, this.#modelName!, signal);
    this.#model ??= this.#withRules(model);
    return this.#model;
  }

  /** The model with the rules its answers are judged by (its own output-token limit included). */
  #withRules(model: LanguageModel): { model: LanguageModel; rules: AnswerRules } {
    const maxOutputTokens = this.#rules.maxOutputTokens ?? model.settings?.maxOutputTokens;
    return { model, rules: { ...this.#rules, maxOutputTokens } };
  }

  /** Runs the tool calls of the latest answer; each result goes back to the model. */
  async execute_tool_call_execution(ctx: NodeContext): Promise<NodeResult> {
    try {
      return await runAgentTools(this.#tools, this.#toolLimits, ctx);
    } catch (error) {
      if (error instanceof FatalNodeError) return error.toResult();
      throw error;
    }
  }

  override structuredOutput(history: readonly NodeResponse[]): TOutput | undefined {
    if (this.outputSchema === undefined) return undefined;
    // The output of a successful llm_generation is what outputSchema parsed the answer to.
    return history.findLast((n) => n.nodeName === "llm_generation" && n.exitCode === 0)?.output as
      | TOutput
      | undefined;
  }
}

/**
 * The node's result with what it records: the prompt when this call sent it first (marked, so
 * the next call does not render it again), then the judged messages (the answer as it came,
 * unless the judge recorded its own). The tool calls about to run are emitted as events.
 */
function recordAnswer(
  result: NodeResult,
  answer: AssistantMessage,
  prompt: readonly Message[] | undefined,
  ctx: NodeContext,
): NodeResult {
  const judged = result.references?.messages ?? [answer];
  if (result.exitCode === AgentExitCode.TOOL_CALLS && ctx.streaming) {
    const calls = judged.findLast((m) => m.role === "assistant")?.toolCalls ?? [];
    for (const toolCall of calls) ctx.emit({ type: "tool-call", nodeName: ctx.nodeName, toolCall });
  }
  if (prompt === undefined)
    return { ...result, references: { ...result.references, messages: judged } };
  return {
    ...result,
    references: {
      ...result.references,
      messages: [...prompt, ...judged],
      data: { ...result.references?.data, prompt: true },
    },
  };
}
