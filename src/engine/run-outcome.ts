import type { ErrorCode } from "../errors/codes.ts";
import type { PendingState, TaskError } from "./types.ts";

/** How a run stopped. */
export type RunOutcome =
  | { kind: "end" }
  | { kind: "fail"; error: TaskError }
  | { kind: "cancel"; error: TaskError }
  | {
      kind: "pending";
      pending: PendingState;
      /** A durable run's question about an unfinished side effect: its journal key. */
      effectKey?: string;
    };

/** A run that failed at `nodeName` with `code`. */
export function failure(code: ErrorCode, nodeName: string, message: string): RunOutcome {
  return { kind: "fail", error: { code, message, nodeName } };
}

/** A run cancelled by its AbortSignal at `nodeName`. */
export function aborted(taskName: string, nodeName: string): RunOutcome {
  return {
    kind: "cancel",
    error: {
      code: "ABORTED",
      nodeName,
      message: `Task "${taskName}" was aborted at node "${nodeName}".`,
    },
  };
}
