import { convertNodeOutput } from "./inputs.ts";
import { failure, type RunOutcome } from "./run-outcome.ts";
import type { RunState } from "./run-state.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { NodeResponse } from "./types.ts";

/**
 * Records a node's response in the run: history, usage, and its output as the variable named
 * after the node (converted to that input's declared type); then checks the run's state
 * against the task's `stateSchema`. Returns why the run must stop, if it must.
 */
export function recordNode(
  task: RunnableTask,
  run: RunState,
  response: NodeResponse,
): RunOutcome | undefined {
  run.record(response);
  return applyOutput(task, run, response) ?? checkState(task, run, response.nodeName);
}

/** Makes a node's output the variable named after the node, converted to its declared type. */
export function applyOutput(
  task: RunnableTask,
  run: RunState,
  response: NodeResponse,
): RunOutcome | undefined {
  if (response.output === undefined) return undefined;
  const converted = convertNodeOutput(
    task.inputSpec,
    response.nodeName,
    response.output,
    task.taskName,
  );
  if (!converted.success)
    return failure(converted.error.code, response.nodeName, converted.error.message);
  run.vars[response.nodeName] = converted.value[response.nodeName];
  return undefined;
}

function checkState(task: RunnableTask, run: RunState, nodeName: string): RunOutcome | undefined {
  if (task.stateSchema === undefined) return undefined;
  const parsed = task.stateSchema.safeParse(run.state);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join(".") || "(state)";
  return failure(
    "STATE_INVALID",
    nodeName,
    `After node "${nodeName}", the state of task "${task.taskName}" no longer matches stateSchema: ${where}: ${issue?.message}.`,
  );
}
