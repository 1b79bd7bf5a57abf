import type { TaskError } from "./types.ts";

/**
 * The innermost cause of a run's error: `error.cause` followed to its end (a
 * `MAX_ATTEMPTS_EXCEEDED` gives the last attempt's failure). The error itself when it has none.
 */
export function rootCause(error: TaskError): TaskError {
  let current = error;
  while (current.cause !== undefined) current = current.cause;
  return current;
}
