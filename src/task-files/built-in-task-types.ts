import { CheckTask } from "../agents/check-task.ts";
import { PromptAgentTask, type PromptAgentTemplates } from "../agents/prompt-agent-task.ts";
import { type TasksEndCodeRouting, Workflow } from "../engine/index.ts";
import type { ModelSettings } from "../providers/language-model.ts";
import type { TaskFactory, TaskFileOptions } from "./load-task-options.ts";
import { standInAgent } from "./stand-ins.ts";

/**
 * The task types every file may name in `type`, in the registry `loadTask`'s `taskTypes`
 * extends. An agent task whose file has no routing table keeps the agent's default routing.
 */
export const BUILT_IN_TASK_TYPES: Readonly<Record<string, TaskFactory>> = {
  PromptAgentTask: (options) =>
    new PromptAgentTask({
      ...agentOptions(options),
      tools: options.tools,
      outputSchema: options.outputSchema,
    }),
  CheckTask: (options) =>
    new CheckTask({
      ...agentOptions(options),
      exitCodeResponseMap: options.file.exitCodeResponseMap,
    }),
  Workflow: ({ file, agent, tools, outputSchema, recursive, ...options }) =>
    // Workflow puts its default before the options: an undefined `recursive` would replace it.
    new Workflow(recursive === undefined ? options : { ...options, recursive }),
};

/** The options PromptAgentTask and CheckTask take from a file. */
function agentOptions(options: TaskFileOptions) {
  const { file, agent, tools, outputSchema, ...common } = options;
  return {
    ...common,
    nodeEndCodeRouting: file.nodeEndCodeRouting as TasksEndCodeRouting | undefined,
    // A file whose agent could not be built (a problem already) still has its routing checked.
    agent: agent ?? standInAgent(file.agent?.name ?? file.taskName),
    templates: options.templates as PromptAgentTemplates,
    modelSettings: file.modelSettings as ModelSettings | undefined,
    maxToolConcurrency: file.maxToolConcurrency,
    toolTimeoutMs: file.toolTimeoutMs,
  };
}
