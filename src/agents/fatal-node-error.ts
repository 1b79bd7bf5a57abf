import type { NodeResult } from "../engine/index.ts";
import { AliceError } from "../errors/alice-error.ts";
import type { ErrorCode } from "../errors/codes.ts";
import { AgentExitCode } from "./prompt-agent-routing.ts";

/**
 * Ends the run from inside an agent's node: thrown by the steps of a node (rendering the prompt,
 * calling the model, finding the tool calls) and caught once by the node method, which returns
 * it as a fatal result.
 */
export class FatalNodeError extends AliceError {
  /** An error with its own code, or a new one. */
  constructor(reason: AliceError | { code: ErrorCode; message: string }) {
    super(reason.code, reason.message, AliceError.isInstance(reason) ? { cause: reason } : {});
  }

  /** The node's result: exit code 1 and this error, which ends the run. */
  toResult(): NodeResult {
    return { exitCode: AgentExitCode.FAILURE, fatal: { code: this.code, message: this.message } };
  }
}
