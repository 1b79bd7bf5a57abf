import type { z } from "zod";
import { AliceTask, type AliceTaskOptions, type SubclassDefinition } from "../engine/alice-task.ts";
import type { InputsType, TypedInputs } from "../engine/input-types.ts";
import { signalToPass } from "../engine/never-aborted.ts";
import type { NodeContext } from "../engine/node-context.ts";
import type { NodeResponse, NodeResult, TasksEndCodeRouting } from "../engine/types.ts";
import { AliceError } from "../errors/alice-error.ts";
import type { AssistantMessage, Message } from "../messages/message.ts";
import { Prompt } from "../prompts/prompt.ts";
import { checkModelSettings } from "../providers/check-model-settings.ts";
import type { ModelRequest, ModelResponse, ModelSettings } from "../providers/model-provider.ts";
import type { Tool } from "../tools/define-tool.ts";
import { definitionToZod } from "../tools/definition-to-zod.ts";
import { runToolCalls } from "../tools/run-tool-calls.ts";
import { type AgentTools, gatherTools, toolEntries } from "./agent-tools.ts";
import type { AliceAgent } from "./alice-agent.ts";
import { conversationOf, hasPrompt } from "./conversation.ts";
import { parseFinalOutput } from "./parse-final-output.ts";
import { promptSettings } from "./prompt-settings.ts";

/** Templates of a PromptAgentTask: `task_template` renders the user message. */
export interface PromptAgentTemplates {
  task_template: string | Prompt;
  output_template?: string | Prompt;
  [name: string]: string | Prompt | undefined;
}

/** Options of `new PromptAgentTask()`. */
export interface PromptAgentTaskOptions
  extends Omit<AliceTaskOptions, "nodeEndCodeRouting" | "templates"> {
  agent: AliceAgent;
  templates: PromptAgentTemplates;
  /** @default llm_generation {0: end, 1: retry, 2: tool_call_execution}; tool_call_execution {0: llm_generation, 1: retry} */
  nodeEndCodeRouting?: TasksEndCodeRouting;
  /** Function tools (see `defineTool`). Sub-tasks in `tasks` are offered as tools too. */
  tools?: readonly Tool<unknown>[];
  /** Parses and validates the final answer (JSON); a failure is fed back to the model once. */
  outputSchema?: z.ZodType;
  /** Tool calls of one answer that may run at once. @default 8 */
  maxToolConcurrency?: number;
  /** Time limit of a tool without its own. @default 60000 */
  toolTimeoutMs?: number;
  /** Settings for this task's model calls (over the agent's). */
  modelSettings?: ModelSettings;
}

/** Exit codes of `llm_generation` and `tool_call_execution`. */
export const AgentExitCode = { SUCCESS: 0, FAILURE: 1, TOOL_CALLS: 2 } as const;

/** The default routing: tool results go back to the model until it answers. */
export const PROMPT_AGENT_ROUTING: TasksEndCodeRouting = {
  llm_generation: {
    0: [null, false],
    1: ["llm_generation", true],
    2: ["tool_call_execution", false],
  },
  tool_call_execution: { 0: ["llm_generation", false], 1: ["tool_call_execution", true] },
};

/**
 * A task whose nodes ask a model and run its tool calls: `llm_generation` sends the system
 * message, the rendered `task_template` and this run's answers and tool results; when the model
 * calls tools, `tool_call_execution` runs them and routes back to the model.
 */
export class PromptAgentTask<
  TInputs extends InputsType = Record<string, unknown>,
> extends AliceTask<TInputs> {
  readonly agent: AliceAgent;
  readonly taskTemplate: Prompt;
  readonly outputSchema: z.ZodType | undefined;
  readonly maxToolConcurrency: number;
  readonly toolTimeoutMs: number;
  readonly modelSettings: ModelSettings;
  readonly #tools: AgentTools;
  /** The settings of every model call, from the agent, both prompts and the task (made once). */
  readonly #callSettings: ModelSettings;

  /**
   * Throws one `TaskDefinitionError` listing every problem (see `AliceTask`'s constructor).
   * With a zod `inputVariables`, `run()`'s inputs are typed by it.
   */
  constructor(options: TypedInputs<PromptAgentTaskOptions, TInputs>, subclass?: SubclassDefinition);
  constructor(options: PromptAgentTaskOptions, subclass?: SubclassDefinition);
  constructor(options: PromptAgentTaskOptions, subclass: SubclassDefinition = {}) {
    const {
      agent,
      templates,
      tools = [],
      outputSchema,
      maxToolConcurrency = 8,
      toolTimeoutMs = 60_000,
      modelSettings = {},
      ...rest
    } = options;
    const taskTemplate = toPrompt(`${options.taskName}.task_template`, templates?.task_template);
    const problems: string[] = [...(subclass.problems ?? [])];
    const validAgent = isAgent(agent);
    if (!validAgent)
      problems.push(
        "agent must be an AliceAgent: new AliceAgent({ name, model, systemMessage? }).",
      );
    if (taskTemplate === undefined)
      problems.push("templates.task_template is required: the message that asks the model.");
    const fileTools = taskTemplate?.tools ?? (validAgent ? agent.systemMessage?.tools : undefined);
    const gathered = gatherTools(tools, options.tasks ?? {}, fileTools);
    problems.push(...gathered.problems);
    if (!Number.isInteger(maxToolConcurrency) || maxToolConcurrency < 1)
      problems.push(`maxToolConcurrency must be a whole number ≥ 1; got ${maxToolConcurrency}.`);
    if (typeof toolTimeoutMs !== "number" || !(toolTimeoutMs > 0))
      problems.push(`toolTimeoutMs must be a number of milliseconds > 0; got ${toolTimeoutMs}.`);
    problems.push(...checkModelSettings(modelSettings).map((p) => `modelSettings: ${p}`));
    // What every model call sends: the agent's settings, both prompts' config, the task's.
    const callSettings: ModelSettings = {
      ...(validAgent ? agent.modelSettings : {}),
      ...(validAgent && agent.systemMessage !== undefined
        ? promptSettings(agent.systemMessage)
        : {}),
      ...(taskTemplate === undefined ? {} : promptSettings(taskTemplate)),
      ...modelSettings,
    };
    for (const problem of checkModelSettings(callSettings))
      if (!problems.some((p) => p.endsWith(problem)))
        problems.push(
          `the settings of every model call (a prompt file's config included): ${problem}`,
        );
    super(
      {
        startNode: "llm_generation",
        nodeEndCodeRouting: PROMPT_AGENT_ROUTING,
        maxNodeExecutions: Math.max(100, (validAgent ? agent.maxToolRounds : 0) * 2 + 10),
        inputVariables: taskTemplate?.parameters,
        ...rest,
        templates: Object.fromEntries(
          Object.entries(templates ?? {}).filter(
            (e): e is [string, string | Prompt] => e[1] !== undefined,
          ),
        ),
      },
      {
        problems,
        templates: {
          ...subclass.templates,
          ...(validAgent && agent.systemMessage !== undefined
            ? { "agent.systemMessage": agent.systemMessage }
            : {}),
        },
      },
    );
    this.#tools = gathered;
    this.#callSettings = callSettings;
    this.agent = agent;
    this.taskTemplate = taskTemplate!;
    this.outputSchema = outputSchema ?? fileOutputSchema(this.taskTemplate);
    this.maxToolConcurrency = maxToolConcurrency;
    this.toolTimeoutMs = toolTimeoutMs;
    this.modelSettings = modelSettings;
  }

  /** Tool rounds one run may make: the prompt file's `alice.maxToolRounds`, else the agent's. */
  get maxToolRounds(): number {
    return this.taskTemplate.alice?.maxToolRounds ?? this.agent.maxToolRounds;
  }

  /** Asks the model; routes on what it answered (0 final answer, 1 rejected answer, 2 tool calls). */
  async execute_llm_generation(ctx: NodeContext): Promise<NodeResult> {
    const prompt = hasPrompt(ctx.executionHistory) ? undefined : this.renderPrompt(ctx);
    if (prompt !== undefined && !Array.isArray(prompt)) return prompt;
    const messages = conversationOf(ctx.executionHistory);
    if (prompt !== undefined) messages.push(...prompt);
    const called = await this.callModel(messages, ctx);
    if (!("message" in called)) return called;
    const result = this.interpretAnswer(called.message, ctx);
    const recorded = [...(prompt ?? []), ...(result.references?.messages ?? [called.message])];
    return {
      ...result,
      references: {
        ...result.references,
        messages: recorded,
        ...(prompt === undefined ? {} : { data: { ...result.references?.data, prompt: true } }),
      },
    };
  }

  /** Runs the tool calls of the latest answer; each result goes back to the model. */
  async execute_tool_call_execution(ctx: NodeContext): Promise<NodeResult> {
    const answer = ctx.nodeResponses.llm_generation?.references.messages?.findLast(
      (m) => m.role === "assistant",
    );
    const calls = answer?.role === "assistant" ? (answer.toolCalls ?? []) : [];
    if (calls.length === 0) {
      return {
        exitCode: 1,
        fatal: {
          code: "NODE_FAILED",
          message: `Task "${this.taskName}": tool_call_execution ran, but the latest answer has no tool calls.`,
        },
      };
    }
    const outcomes = await runToolCalls(calls, toolEntries(this.#tools, ctx), {
      signal: signalToPass(ctx.signal),
      maxConcurrency: this.maxToolConcurrency,
      timeoutMs: this.toolTimeoutMs,
      onResult: ({ message }) =>
        ctx.emit({
          type: "tool-result",
          nodeName: ctx.nodeName,
          toolCallId: message.toolCallId,
          toolName: message.toolName,
          content: message.content,
          isError: message.isError === true,
        }),
    });
    const taskResponses = outcomes.flatMap((o) => (isTaskResponse(o.detail) ? [o.detail] : []));
    const errors = outcomes.flatMap((o) =>
      o.error === undefined ? [] : [{ name: "ToolError", ...o.error }],
    );
    return {
      exitCode: 0,
      output: outcomes.map((o) => o.message.content).join("\n\n"),
      references: {
        messages: outcomes.map((o) => o.message),
        ...(taskResponses.length > 0 ? { taskResponses } : {}),
        ...(errors.length > 0 ? { errors } : {}),
      },
    };
  }

  /**
   * Decides what an answer means: tool calls (2), a final answer (0), or a rejected answer (1):
   * empty, cut off, refused, or not matching `outputSchema` (fed back once for repair).
   * CheckTask overrides it to map decision words to exit codes.
   */
  protected interpretAnswer(message: AssistantMessage, ctx: NodeContext): NodeResult {
    const rejected = rejectionOf(
      message,
      this.#callSettings.maxOutputTokens ?? this.agent.model.settings?.maxOutputTokens,
    );
    if (rejected !== undefined) return rejectAnswer(message, rejected);
    const calls = message.toolCalls ?? [];
    if (calls.length > 0 && this.agent.hasTools) {
      const rounds = ctx.executionHistory.filter(
        (n) => n.nodeName === "tool_call_execution",
      ).length;
      if (rounds >= this.maxToolRounds) {
        return {
          exitCode: AgentExitCode.FAILURE,
          fatal: {
            code: "MAX_TOOL_ROUNDS",
            message: `Agent "${this.agent.name}" in task "${this.taskName}" asked for tools again after ${rounds} rounds (maxToolRounds is ${this.maxToolRounds}).`,
          },
        };
      }
      for (const toolCall of calls)
        ctx.emit({ type: "tool-call", nodeName: ctx.nodeName, toolCall });
      return { exitCode: AgentExitCode.TOOL_CALLS };
    }
    if (message.content.trim() === "")
      return rejectAnswer(message, {
        code: "MODEL_EMPTY_RESPONSE",
        reason: "The model answered with no text and no tool calls.",
      });
    if (this.outputSchema === undefined)
      return { exitCode: AgentExitCode.SUCCESS, output: message.content };
    const parsed = parseFinalOutput(message.content, this.outputSchema);
    if (parsed.success) return { exitCode: AgentExitCode.SUCCESS, output: parsed.value };
    const previous = ctx.nodeResponses.llm_generation;
    if (previous?.references.data?.repair === true) {
      return {
        exitCode: AgentExitCode.FAILURE,
        fatal: {
          code: "OUTPUT_INVALID",
          message: `The final answer of task "${this.taskName}" does not match its outputSchema, even after a repair: ${parsed.error}`,
        },
      };
    }
    const feedback: Message = {
      role: "user",
      content: `Your answer does not match the required format: ${parsed.error}\nAnswer again with only the corrected JSON.`,
    };
    return {
      exitCode: AgentExitCode.FAILURE,
      references: { messages: [message, feedback], data: { repair: true } },
    };
  }

  /** Calls the model (streaming when someone listens), or returns the node's failure. */
  protected async callModel(
    messages: readonly Message[],
    ctx: NodeContext,
  ): Promise<ModelResponse | NodeResult> {
    const { agent } = this;
    const request: ModelRequest = { messages, settings: this.#callSettings };
    if (agent.hasTools && this.#tools.specs.length > 0) request.tools = this.#tools.specs;
    const options = {
      signal: signalToPass(ctx.signal),
      // Retry events go to listeners only (a run nobody listens to drops every event).
      onRetry: !ctx.streaming
        ? undefined
        : (notice: { attempt: number; delayMs: number; error: AliceError }) =>
            ctx.emit({
              type: "model-retry",
              nodeName: ctx.nodeName,
              attempt: notice.attempt,
              delayMs: notice.delayMs,
              code: notice.error.code,
              message: notice.error.message,
            }),
    };
    const stream = agent.stream === "auto" ? ctx.streaming : agent.stream;
    try {
      if (!stream) return await agent.model.generate(request, options);
      let response: ModelResponse | undefined;
      for await (const part of agent.model.stream(request, options)) {
        if (part.type === "text-delta")
          ctx.emit({ type: "text-delta", nodeName: ctx.nodeName, delta: part.delta });
        else if (part.type === "finish") response = part.response;
      }
      if (response === undefined)
        throw new AliceError(
          "PROVIDER_STREAM_ERROR",
          "The model's stream ended without a final answer.",
        );
      return response;
    } catch (error) {
      // The provider already retried what can be retried: a node retry would only multiply attempts.
      if (!AliceError.isInstance(error)) throw error;
      return {
        exitCode: AgentExitCode.FAILURE,
        fatal: { code: error.code, message: error.message },
      };
    }
  }

  /** Renders the system message and the task template over the run's variables. */
  protected renderPrompt(ctx: NodeContext): Message[] | NodeResult {
    try {
      const { systemMessage } = this.agent;
      const system = systemMessage === undefined ? "" : render(systemMessage, ctx.inputs);
      const task = this.taskTemplate.messages(ctx.inputs);
      return system.trim() === "" ? task : [{ role: "system", content: system }, ...task];
    } catch (error) {
      if (!AliceError.isInstance(error)) throw error;
      return {
        exitCode: AgentExitCode.FAILURE,
        fatal: { code: error.code, message: error.message },
      };
    }
  }

  override structuredOutput(history: readonly NodeResponse[]): unknown {
    if (this.outputSchema === undefined) return undefined;
    return history.findLast((n) => n.nodeName === "llm_generation" && n.exitCode === 0)?.output;
  }
}

/** The output schema a prompt file declares (`output.schema`), as a zod validator. */
function fileOutputSchema(prompt: Prompt): z.ZodType | undefined {
  const schema = prompt.output?.schema;
  return schema === undefined ? undefined : definitionToZod(schema);
}

/** An AliceAgent, also one made by another copy of the package. */
function isAgent(value: unknown): value is AliceAgent {
  const model = (value as { model?: { generate?: unknown } } | undefined)?.model;
  return typeof value === "object" && value !== null && typeof model?.generate === "function";
}

function toPrompt(name: string, template: string | Prompt | undefined): Prompt | undefined {
  if (template === undefined) return undefined;
  return typeof template === "string" ? new Prompt({ name, content: template }) : template;
}

function render(prompt: Prompt, vars: Readonly<Record<string, unknown>>): string {
  return prompt.parameters === undefined ? prompt.format(vars) : prompt.formatPrompt(vars);
}

/** Why an answer is not a final answer, and what to do about it. */
interface Rejection {
  code: NonNullable<AssistantMessage["rejected"]>["code"];
  reason: string;
  /** Ends the run at once: the same request would only be refused again. */
  fatal?: boolean;
  /** Told to the model with the retry, so it does not repeat what was rejected. */
  feedback?: string;
}

/**
 * An answer the model did not finish on its own: cut off by the token limit (retried with a
 * note asking for a shorter answer), refused or filtered (the run fails at once: an identical
 * request would be refused again), or stopped for a reason nobody knows (retried as it was).
 */
function rejectionOf(
  message: AssistantMessage,
  maxOutputTokens: number | undefined,
): Rejection | undefined {
  switch (message.finishReason) {
    case undefined:
    case "stop":
    case "tool-calls":
      return undefined;
    case "length": {
      const limit = maxOutputTokens === undefined ? "" : ` (maxOutputTokens: ${maxOutputTokens})`;
      return {
        code: "MODEL_OUTPUT_TRUNCATED",
        reason: `The answer was cut off by the output-token limit${limit}; a cut-off tool call is never run.`,
        feedback: `Your previous answer was cut off at the output-token limit${limit} before it was complete, so it was discarded. Answer again within the limit: be more concise${message.toolCalls?.length ? ", and keep tool-call arguments short" : ""}.`,
      };
    }
    case "refusal": {
      const said = message.content.trim();
      const quoted =
        said === "" ? "" : `: "${said.length > 200 ? `${said.slice(0, 200)}…` : said}"`;
      return {
        code: "MODEL_REFUSAL",
        reason: `The model refused to answer${quoted}.`,
        fatal: true,
      };
    }
    case "content-filter":
      return {
        code: "MODEL_REFUSAL",
        reason: "The answer was withheld by the provider's content filter.",
        fatal: true,
      };
    case "other":
      return {
        code: "PROVIDER_INVALID_RESPONSE",
        reason:
          "The model stopped for a reason the provider did not report as finished (an unknown finish reason); the answer may be partial.",
      };
    default: {
      // A custom ModelProvider may report a reason outside FinishReason: not a final answer.
      const unknown: never = message.finishReason;
      return {
        code: "PROVIDER_INVALID_RESPONSE",
        reason: `The model stopped for a reason this framework does not know (${JSON.stringify(unknown)}); the answer may be partial.`,
      };
    }
  }
}

function rejectAnswer(message: AssistantMessage, rejection: Rejection): NodeResult {
  const { code, reason, feedback, fatal } = rejection;
  const messages: Message[] = [{ ...message, rejected: { code, reason } }];
  if (feedback !== undefined) messages.push({ role: "user", content: feedback });
  // A fatal result's error is recorded by the engine (once).
  if (fatal === true)
    return {
      exitCode: AgentExitCode.FAILURE,
      references: { messages },
      fatal: { code, message: reason },
    };
  return {
    exitCode: AgentExitCode.FAILURE,
    references: { messages, errors: [{ name: "RejectedAnswer", code, message: reason }] },
  };
}

function isTaskResponse(value: unknown): value is import("../engine/types.ts").TaskResponse {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { schemaVersion?: unknown }).schemaVersion === 1
  );
}
