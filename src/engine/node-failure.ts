import { ERROR_CODES, type ErrorCode } from "../errors/codes.ts";
import type { NodeResponse, TaskError } from "./types.ts";

/** What `nodeFailure` needs from the task. */
export interface FailureSource {
  readonly taskName: string;
  readonly exitCodes: Readonly<Record<number, string>>;
}

/**
 * Why a node's exit code is a failure, as the root cause a user can act on: the error of the
 * sub-task it ran (a Workflow node, with the path of task names down to where it arose), else
 * the last error the node recorded (a throw, a rejected model answer, a missing decision), else
 * `NODE_FAILED` naming the node, its exit code and that code's `exitCodes` text.
 */
export function nodeFailure(
  task: FailureSource,
  node: NodeResponse,
  context: "ended the run" | "asked for a retry" | "has no route" = "ended the run",
): TaskError {
  const { nodeName, exitCode } = node;
  const child = node.references.taskResponses?.findLast(
    (r) => r.error !== undefined && (r.status === "failed" || r.status === "cancelled"),
  );
  if (child?.error !== undefined) return withinTask(task.taskName, child.error, child.taskName);

  const recorded = node.references.errors?.at(-1);
  const meaning = task.exitCodes[exitCode];
  const described = `exit code ${exitCode}${meaning === undefined ? "" : ` (${meaning})`}`;
  if (recorded !== undefined) {
    const known = isErrorCode(recorded.code);
    return {
      code: known ? (recorded.code as ErrorCode) : "NODE_FAILED",
      message: known
        ? recorded.message
        : `Node "${nodeName}" of task "${task.taskName}" failed with ${described}: ${recorded.name}: ${recorded.message}`,
      nodeName,
      path: [task.taskName],
    };
  }
  const why =
    context === "ended the run"
      ? ", which is not a success code of the task (see successCodes)"
      : ` and ${context}`;
  return {
    code: "NODE_FAILED",
    message: `Node "${nodeName}" of task "${task.taskName}" ended with ${described}${why}.`,
    nodeName,
    path: [task.taskName],
  };
}

/** A sub-task's error as its parent reports it: the same cause, its path starting at the parent. */
export function withinTask(taskName: string, error: TaskError, childName: string): TaskError {
  const inner: TaskError = { ...error, path: [taskName, ...(error.path ?? [childName])] };
  if (error.cause !== undefined) inner.cause = withinTask(taskName, error.cause, childName);
  return inner;
}

/** True for a code of `ERROR_CODES` (a node may record any string as its error's code). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}
