import type { TaskResponse } from "../engine/types.ts";

/** The exit codes of `alice`, which shell scripts can rely on. */
export const ExitCode = {
  /** The task completed (status `complete`); also `--help`, `graph`, a valid `validate`. */
  complete: 0,
  /** The task failed (status `failed`), or the scripted model of `--mock` was not followed. */
  failed: 1,
  /** Bad usage, an invalid task file, invalid inputs, an invalid resume file. Nothing ran. */
  usage: 2,
  /** Paused at a checkpoint with no terminal to ask on: stdout holds the pending response. */
  pending: 3,
  /** A checkpoint answer ended the run (an option whose next node is null, e.g. "reject"). */
  rejected: 4,
  /** Cancelled: Ctrl-C (SIGINT) or an aborted signal (128 + SIGINT, as shells report it). */
  cancelled: 130,
} as const;

/** One of the exit codes in `ExitCode`. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code a task response ends the command with. */
export function exitCodeFor(response: TaskResponse): ExitCode {
  switch (response.status) {
    case "complete":
      return ExitCode.complete;
    case "pending":
      return ExitCode.pending;
    case "cancelled":
      return response.error?.code === "CHECKPOINT_CANCELLED"
        ? ExitCode.rejected
        : ExitCode.cancelled;
    case "failed":
      return isInputError(response) ? ExitCode.usage : ExitCode.failed;
    default: {
      const never: never = response.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

/** Inputs rejected before any node ran: the command line was wrong, not the task. */
export function isInputError(response: TaskResponse): boolean {
  const code = response.error?.code;
  return (
    (code === "INPUT_MISSING" || code === "INPUT_INVALID") && response.nodeReferences.length === 0
  );
}
