import { PromptError } from "alice-agents";

/** Runs `fn`, which must throw a PromptError, and returns it. */
export function catchError(fn: () => unknown): PromptError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PromptError) return error;
    throw error;
  }
  throw new Error("expected a PromptError");
}
