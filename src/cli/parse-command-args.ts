import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "./cli-error.ts";

/** The options a command accepts, in `node:util` parseArgs form. */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/** A command's parsed flags and positionals. */
export interface ParsedCommand<T extends CommandOptions> {
  values: ReturnType<
    typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>
  >["values"];
  positionals: string[];
}

/**
 * Parses a command's arguments strictly, turning parseArgs' errors into one-line `CLI_USAGE`
 * errors that name the command, and checks the number of positionals.
 */
export function parseCommandArgs<T extends CommandOptions>(
  command: string,
  argv: readonly string[],
  options: T,
  positionals: { names: readonly string[] },
): ParsedCommand<T> {
  let parsed: ParsedCommand<T>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError("CLI_USAGE", describeParseError(error), { command });
  }
  const { names } = positionals;
  if (parsed.positionals.length < names.length) {
    const missing = names.slice(parsed.positionals.length).map((n) => `<${n}>`);
    throw new CliError("CLI_USAGE", `missing ${missing.join(" ")}`, { command });
  }
  if (parsed.positionals.length > names.length) {
    const extra = parsed.positionals.slice(names.length).map((p) => JSON.stringify(p));
    throw new CliError("CLI_USAGE", `unexpected argument ${extra.join(" ")}`, { command });
  }
  return parsed;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']+)'/.exec(message)?.[1];
    return option === undefined ? "unknown option" : `unknown option ${option}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    // "Option '--format <value>' argument missing" / "Option '--json' does not take an argument"
    return message.replace(/^Option '([^']+)'/, "option $1").replace(/\.$/, "");
  }
  return message.split("\n")[0] ?? message;
}
