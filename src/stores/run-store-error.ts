import { AliceError, type AliceErrorOptions } from "../errors/alice-error.ts";

/**
 * A run store could not do what was asked: the run does not exist (`RUN_NOT_FOUND`), or the
 * store failed (`RUN_STORE_FAILED`: closed, locked past its busy timeout, a failed migration, a
 * stored run of an unknown `schemaVersion`). A refused write is a `RunConflictError` instead.
 */
export class RunStoreError extends AliceError {
  /** The run concerned, when there is one. */
  readonly runId: string | undefined;

  constructor(
    code: "RUN_NOT_FOUND" | "RUN_STORE_FAILED",
    message: string,
    options: AliceErrorOptions & { runId?: string } = {},
  ) {
    super(code, message, options);
    this.runId = options.runId;
  }
}
