import type { FunctionParameters } from "../schema/function-parameters.ts";
import type { TaskResponse } from "./types.ts";

/** What `taskAsTool` needs: the task's name, description, declared inputs and `run()`. */
export interface ToolSource {
  readonly taskName: string;
  readonly taskDescription: string;
  readonly inputVariables: FunctionParameters;
  run(
    inputs: Readonly<Record<string, unknown>>,
    options: { signal?: AbortSignal },
  ): Promise<TaskResponse>;
}

/** A task as a tool: name, description, JSON Schema parameters and a function that runs it. */
export interface TaskTool {
  /** The task name made safe for providers: `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  description: string;
  parameters: FunctionParameters;
  /** Runs the task in a fresh run of its own with `args` as inputs. */
  execute(
    args: Readonly<Record<string, unknown>>,
    options?: { signal?: AbortSignal },
  ): Promise<TaskResponse>;
}

/** Describes `task` as a tool: its name made safe for providers, its inputs as the parameters. */
export function taskAsTool(task: ToolSource): TaskTool {
  return {
    name: toolName(task.taskName),
    description: task.taskDescription,
    parameters: task.inputVariables,
    execute: (args, options = {}) =>
      task.run(args, options.signal === undefined ? {} : { signal: options.signal }),
  };
}

/** Replaces characters providers reject in tool names and caps the length at 64. */
export function toolName(taskName: string): string {
  const safe = taskName.replace(/[^a-zA-Z0-9_-]+/g, "_").slice(0, 64);
  return safe === "" ? "task" : safe;
}
