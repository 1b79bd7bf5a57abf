import type { AliceTask } from "../engine/index.ts";
import { Prompt } from "../prompts/prompt.ts";
import { checkModelSettings } from "../providers/check-model-settings.ts";
import type { ModelSettings } from "../providers/language-model.ts";
import { mergeSettings } from "../providers/merge-settings.ts";
import { modelSpecProblem } from "../providers/model-registry.ts";
import type { Tool } from "../tools/define-tool.ts";
import { type AgentOutput, agentOutput } from "./agent-output.ts";
import { type AgentTools, gatherTools } from "./agent-tools.ts";
import type { AliceAgent } from "./alice-agent.ts";
import { promptSettings } from "./prompt-settings.ts";

/** What a PromptAgentTask's own options are made into, and what is wrong with them. */
export interface PreparedAgentTask {
  /** Undefined when `agent` is not an AliceAgent (a problem). */
  agent: AliceAgent | undefined;
  /** Undefined when `templates.task_template` is missing (a problem). */
  taskTemplate: Prompt | undefined;
  /**
   * The model name a `.prompt` file gives (the task template's, else the system message's),
   * resolved through the agent's registry at the first model call; undefined when the agent has
   * its own model, which wins.
   */
  modelName: string | undefined;
  tools: AgentTools;
  /** The output schema (the option's, else the task template file's `output.schema`), made once. */
  output: AgentOutput | undefined;
  /** What every model call sends: the agent's settings, both prompts' config, the task's. */
  callSettings: ModelSettings;
  /** Every problem, for the task's one `TaskDefinitionError`. */
  problems: string[];
}

/** A PromptAgentTask's options after their defaults. */
export interface AgentTaskParts {
  taskName: string;
  agent: unknown;
  taskTemplate: string | Prompt | undefined;
  tools: readonly Tool<unknown>[];
  tasks: Readonly<Record<string, AliceTask>>;
  /** The `outputSchema` option: zod or JSON Schema (unchecked). */
  outputSchema: unknown;
  maxToolConcurrency: number;
  toolTimeoutMs: number;
  modelSettings: ModelSettings;
}

/**
 * Checks a PromptAgentTask's own options and makes what its nodes use: the task template as a
 * Prompt, the tools (only those a `.prompt` file names, when it names any), the output schema
 * with its response format, and the settings of every model call, checked as a whole (a prompt
 * file's config included).
 */
export function prepareAgentTask(parts: AgentTaskParts): PreparedAgentTask {
  const { agent, maxToolConcurrency, toolTimeoutMs, modelSettings } = parts;
  const problems: string[] = [];
  const validAgent = isAgent(agent) ? agent : undefined;
  if (validAgent === undefined)
    problems.push("agent must be an AliceAgent: new AliceAgent({ name, model, systemMessage? }).");
  const taskTemplate = toPrompt(`${parts.taskName}.task_template`, parts.taskTemplate);
  if (taskTemplate === undefined)
    problems.push("templates.task_template is required: the message that asks the model.");
  const modelName =
    validAgent === undefined || taskTemplate === undefined
      ? undefined
      : fileModel(validAgent, taskTemplate, problems);
  const tools = gatherTools(
    parts.tools,
    parts.tasks,
    taskTemplate?.tools ?? validAgent?.systemMessage?.tools,
  );
  problems.push(...tools.problems);
  const output = agentOutput(
    parts.taskName,
    parts.outputSchema ?? taskTemplate?.output?.schema,
    problems,
  );
  if (!Number.isInteger(maxToolConcurrency) || maxToolConcurrency < 1)
    problems.push(`maxToolConcurrency must be a whole number ≥ 1; got ${maxToolConcurrency}.`);
  if (typeof toolTimeoutMs !== "number" || !(toolTimeoutMs > 0))
    problems.push(`toolTimeoutMs must be a number of milliseconds > 0; got ${toolTimeoutMs}.`);
  problems.push(...checkModelSettings(modelSettings).map((p) => `modelSettings: ${p}`));
  // Merged, not spread: providerOptions and dropUnsupported of every layer are kept.
  const fileSettings = mergeSettings(
    validAgent?.systemMessage === undefined ? {} : promptSettings(validAgent.systemMessage),
    taskTemplate === undefined ? undefined : promptSettings(taskTemplate),
  );
  const callSettings: ModelSettings = mergeSettings(
    mergeSettings(validAgent?.modelSettings ?? {}, fileSettings),
    modelSettings,
  );
  for (const problem of checkModelSettings(callSettings))
    if (!problems.some((p) => p.endsWith(problem)))
      problems.push(
        `the settings of every model call (a prompt file's config included): ${problem}`,
      );
  return { agent: validAgent, taskTemplate, modelName, tools, output, callSettings, problems };
}

/**
 * The model name of the task template's `.prompt` file, else of the system message's, when the
 * agent has no model of its own; a name its registry cannot resolve, or no model anywhere, is a
 * problem now rather than at the first call.
 */
function fileModel(
  agent: AliceAgent,
  taskTemplate: Prompt,
  problems: string[],
): string | undefined {
  if (agent.model !== undefined) return undefined;
  const [prompt, name] =
    typeof taskTemplate.model === "string"
      ? [`the task template "${taskTemplate.name}"`, taskTemplate.model]
      : typeof agent.systemMessage?.model === "string"
        ? [`the system message "${agent.systemMessage.name}"`, agent.systemMessage.model]
        : [undefined, undefined];
  if (name === undefined) {
    problems.push(
      `agent "${agent.name}" has no model, and neither the task template nor the system message names one: give the agent a model (new AliceAgent({ name, model: openai("gpt-4o-mini") })) or the .prompt file a model (model: openai/gpt-4o-mini).`,
    );
    return undefined;
  }
  const problem = modelSpecProblem(agent.models, name);
  if (problem !== undefined) problems.push(`the model of ${prompt}: ${problem}`);
  return name;
}

/** An AliceAgent, also one made by another copy of the package. */
function isAgent(value: unknown): value is AliceAgent {
  if (typeof value !== "object" || value === null) return false;
  const { model, models } = value as {
    model?: { generate?: unknown };
    models?: { resolve?: unknown };
  };
  return typeof model?.generate === "function" || typeof models?.resolve === "function";
}

function toPrompt(name: string, template: string | Prompt | undefined): Prompt | undefined {
  if (template === undefined) return undefined;
  return typeof template === "string" ? new Prompt({ name, content: template }) : template;
}
