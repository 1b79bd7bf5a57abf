import type { ChildOutcomes, ResumeChild } from "./node-context.ts";
import { withinTask } from "./node-failure.ts";
import { failure, type RunOutcome } from "./run-outcome.ts";

/**
 * Decides what a node's sub-task runs mean for this run before the node is recorded: a child
 * that paused pauses this run too (the question is the innermost one, the path grows by this
 * task); a paused child the node should have resumed and did not is `RESUME_INVALID`.
 */
export function settlePausedChild(
  taskName: string,
  nodeName: string,
  children: ChildOutcomes,
  resumeChild: ResumeChild | undefined,
): RunOutcome | undefined {
  const child = children.pending;
  if (child?.pending !== undefined) {
    const inner = child.pending;
    return {
      kind: "pending",
      pending: {
        nodeName,
        interaction: inner.interaction,
        path: [taskName, ...inner.path],
        child,
      },
    };
  }
  if (resumeChild !== undefined && !resumeChild.used) {
    return failure(
      "RESUME_INVALID",
      nodeName,
      `Node "${nodeName}" of task "${taskName}" did not resume its paused sub-task "${resumeChild.response.taskName}".`,
    );
  }
  return undefined;
}

/**
 * After the node is recorded: a cancelled sub-task (aborted, or a checkpoint answer that ends
 * it) cancels this run, with the child's error and the path down to it.
 */
export function settleCancelledChild(
  taskName: string,
  nodeName: string,
  children: ChildOutcomes,
): RunOutcome | undefined {
  const child = children.cancelled;
  if (child === undefined) return undefined;
  return {
    kind: "cancel",
    error:
      child.error === undefined
        ? { code: "ABORTED", message: "A sub-task was cancelled.", nodeName }
        : withinTask(taskName, child.error, child.taskName),
  };
}
