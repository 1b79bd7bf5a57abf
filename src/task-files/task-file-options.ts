import type { z } from "zod";
import type { AliceAgent } from "../agents/alice-agent.ts";
import type { AliceTask, AliceTaskOptions } from "../engine/index.ts";
import type { Prompt } from "../prompts/prompt.ts";
import type { FunctionParameters } from "../schema/function-parameters.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { TaskFileOptions } from "./load-task-options.ts";
import type { TaskFile } from "./task-file-schema.ts";

/** The parts of a definition `buildTask` resolved: loaded, built, or stood in for. */
export interface ResolvedParts {
  templates: Readonly<Record<string, Prompt>>;
  tasks: Readonly<Record<string, AliceTask>>;
  inputVariables: FunctionParameters | undefined;
  agent: AliceAgent | undefined;
  tools: readonly Tool<unknown>[];
  outputSchema: z.ZodType | undefined;
}

/** A definition and its resolved parts as the options a task type's factory receives. */
export function taskFileOptions(def: TaskFile, parts: ResolvedParts): TaskFileOptions {
  return {
    file: def,
    id: def.id,
    taskName: def.taskName,
    taskDescription: def.taskDescription,
    startNode: def.startNode,
    recursive: def.recursive,
    maxAttempts: def.maxAttempts,
    maxNodeExecutions: def.maxNodeExecutions,
    nodeEndCodeRouting: (def.nodeEndCodeRouting ?? {}) as AliceTaskOptions["nodeEndCodeRouting"],
    userCheckpoints: def.userCheckpoints as AliceTaskOptions["userCheckpoints"],
    inputVariables: parts.inputVariables,
    exitCodes: def.exitCodes,
    successCodes: def.successCodes,
    requiredApis: def.requiredApis,
    templates: parts.templates,
    tasks: parts.tasks,
    agent: parts.agent,
    tools: parts.tools,
    outputSchema: parts.outputSchema,
  };
}
