import { AliceError } from "../errors/alice-error.ts";
import { OptionsError, TaskDefinitionError } from "../errors/errors.ts";

/** What a constructor's error says, one line per problem it lists. */
export function problemMessages(error: unknown): string[] {
  if (error instanceof TaskDefinitionError || error instanceof OptionsError)
    return [...error.problems];
  if (AliceError.isInstance(error)) return [error.message];
  return [error instanceof Error ? error.message : String(error)];
}
