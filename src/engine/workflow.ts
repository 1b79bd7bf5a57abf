import type { AliceTask, AliceTaskOptions } from "./alice-task.ts";
import { AliceTask as BaseTask } from "./alice-task.ts";
import type { InputsType, TypedInputs } from "./input-types.ts";
import type { NodeContext } from "./runnable-task.ts";
import type { NodeResult } from "./types.ts";

/** Options of a Workflow: `tasks` is required, and its keys are the node names. */
export interface WorkflowOptions extends AliceTaskOptions {
  tasks: Readonly<Record<string, AliceTask>>;
}

/**
 * A task whose nodes are other tasks. Each node runs the sub-task under the same key in a fresh
 * run of its own, records the sub-task's response in the node's references, and routes on its
 * `resultCode`. The sub-task's output (its structured output, else `taskOutputs`) becomes the
 * variable named after the node, so later tasks receive it as the input of that name.
 */
export class Workflow<
  TInputs extends InputsType = Record<string, unknown>,
> extends BaseTask<TInputs> {
  /** With a zod `inputVariables`, `run()`'s inputs are typed by it. */
  constructor(options: TypedInputs<WorkflowOptions, TInputs>);
  constructor(options: WorkflowOptions);
  constructor(options: WorkflowOptions) {
    super({ ...options, recursive: options.recursive ?? false });
  }

  override async executeNode(nodeName: string, ctx: NodeContext<TInputs>): Promise<NodeResult> {
    const subtask = this.tasks[nodeName]!;
    const response = await ctx.runSubtask(subtask, ctx.inputs);
    return {
      exitCode: response.resultCode,
      output: response.structuredOutput ?? response.taskOutputs,
      references: { taskResponses: [response] },
    };
  }

  override subtaskForNode(nodeName: string): AliceTask | undefined {
    return Object.hasOwn(this.tasks, nodeName) ? this.tasks[nodeName] : undefined;
  }

  protected override checkNode(node: string): string | undefined {
    if (Object.hasOwn(this.tasks, node)) return undefined;
    const keys = Object.keys(this.tasks);
    return `Node "${node}" has no task: add it to tasks under the key "${node}" (tasks: ${keys.length === 0 ? "none" : keys.join(", ")}).`;
  }
}
