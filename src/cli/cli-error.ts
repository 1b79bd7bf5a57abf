/** What went wrong before a task could run; every one exits with code 2. */
export type CliErrorCode =
  /** Unknown command or option, a missing or malformed argument. */
  | "CLI_USAGE"
  /** A file named on the command line (inputs, a response to resume) is missing or malformed. */
  | "CLI_FILE_INVALID"
  /** The `--tools` module cannot be imported or exports no tools. */
  | "CLI_TOOLS_INVALID"
  /** The `--model` spec (or `ALICE_MODEL`) is not a model. */
  | "CLI_MODEL_INVALID"
  /** The `--mock` script is missing or malformed, or msw / the provider SDK is not installed. */
  | "CLI_MOCK_INVALID"
  /** The run store (`--store`, `ALICE_STORE`) is malformed, missing, or needs `pg` installed. */
  | "CLI_STORE_INVALID";

/** An error of the command line itself (not of the task), reported on one line with exit code 2. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  /** The command it happened in (for the `alice <command>:` prefix and the help hint). */
  readonly command: string | undefined;

  constructor(code: CliErrorCode, message: string, options: { command?: string } = {}) {
    super(message);
    this.name = "CliError";
    this.code = code;
    this.command = options.command;
  }
}
