import type { z } from "zod";
import type { AliceAgent } from "../agents/alice-agent.ts";
import { CheckTask } from "../agents/check-task.ts";
import { PromptAgentTask } from "../agents/prompt-agent-task.ts";
import type { AliceTask, AliceTaskOptions } from "../engine/alice-task.ts";
import { Workflow } from "../engine/workflow.ts";
import type { Prompt } from "../prompts/prompt.ts";
import type { ModelSettings } from "../providers/model-provider.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { FunctionParameters } from "../tools/function-parameters.ts";
import type { TaskFactory } from "./load-task-options.ts";
import type { TaskFile } from "./task-file-schema.ts";

/** The task types every file may name in `type`. */
export const BUILT_IN_TYPES: readonly string[] = ["PromptAgentTask", "CheckTask", "Workflow"];

/** The resolved parts of a definition besides its templates and sub-tasks. */
export interface TaskParts {
  inputVariables?: FunctionParameters;
  /** Used by PromptAgentTask and CheckTask. */
  agent: AliceAgent;
  tools: readonly Tool<unknown>[];
  outputSchema: z.ZodType | undefined;
  /** The factory of a custom `type`. */
  factory: TaskFactory | undefined;
}

/**
 * Builds the task a definition names, from its resolved parts; the constructor checks the
 * routing, checkpoints and options and throws what it refuses.
 */
export function constructTask(
  def: TaskFile,
  templates: Readonly<Record<string, Prompt>>,
  tasks: Readonly<Record<string, AliceTask>>,
  parts: TaskParts,
): AliceTask {
  const common: AliceTaskOptions = {
    taskName: def.taskName,
    nodeEndCodeRouting: (def.nodeEndCodeRouting ?? {}) as AliceTaskOptions["nodeEndCodeRouting"],
    ...(def.id === undefined ? {} : { id: def.id }),
    ...(def.taskDescription === undefined ? {} : { taskDescription: def.taskDescription }),
    ...(def.startNode === undefined ? {} : { startNode: def.startNode }),
    ...(def.recursive === undefined ? {} : { recursive: def.recursive }),
    ...(def.maxAttempts === undefined ? {} : { maxAttempts: def.maxAttempts }),
    ...(def.maxNodeExecutions === undefined ? {} : { maxNodeExecutions: def.maxNodeExecutions }),
    ...(def.userCheckpoints === undefined
      ? {}
      : { userCheckpoints: def.userCheckpoints as AliceTaskOptions["userCheckpoints"] }),
    ...(parts.inputVariables === undefined ? {} : { inputVariables: parts.inputVariables }),
    ...(def.exitCodes === undefined
      ? {}
      : { exitCodes: def.exitCodes as AliceTaskOptions["exitCodes"] }),
    ...(def.successCodes === undefined ? {} : { successCodes: def.successCodes }),
    ...(def.requiredApis === undefined ? {} : { requiredApis: def.requiredApis }),
    templates,
    tasks,
  };
  // An agent task without a routing table in its file keeps the agent's default routing.
  const { nodeEndCodeRouting, ...rest } = common;
  const agentOptions = {
    ...rest,
    ...(def.nodeEndCodeRouting === undefined ? {} : { nodeEndCodeRouting }),
    agent: parts.agent,
    templates: templates as { task_template: Prompt },
    ...(def.modelSettings === undefined
      ? {}
      : { modelSettings: def.modelSettings as ModelSettings }),
    ...(def.maxToolConcurrency === undefined ? {} : { maxToolConcurrency: def.maxToolConcurrency }),
    ...(def.toolTimeoutMs === undefined ? {} : { toolTimeoutMs: def.toolTimeoutMs }),
  };
  switch (def.type) {
    case "PromptAgentTask":
      return new PromptAgentTask({
        ...agentOptions,
        tools: parts.tools,
        ...(parts.outputSchema === undefined ? {} : { outputSchema: parts.outputSchema }),
      });
    case "CheckTask":
      return new CheckTask({
        ...agentOptions,
        ...(def.exitCodeResponseMap === undefined
          ? {}
          : { exitCodeResponseMap: def.exitCodeResponseMap }),
      });
    case "Workflow":
      return new Workflow({ ...common, tasks });
    default:
      return parts.factory!({ ...common, file: def });
  }
}
