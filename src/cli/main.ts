import { readFile } from "node:fs/promises";
import { AliceError } from "../errors/alice-error.ts";
import { CliError } from "./cli-error.ts";
import { type CliIO, processIO } from "./cli-io.ts";
import { ExitCode } from "./exit-codes.ts";
import { COMMAND_NAMES, type CommandName, helpText } from "./help-text.ts";

type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

// Imported on use, so `alice --help` and `--version` do not load the whole library.
const COMMANDS: Readonly<Record<CommandName, () => Promise<Command>>> = {
  run: async () => (await import("./run-command.ts")).runCommand,
  resume: async () => (await import("./resume-command.ts")).resumeCommand,
  runs: async () => (await import("./runs-command.ts")).runsCommand,
  graph: async () => (await import("./graph-command.ts")).graphCommand,
  validate: async () => (await import("./validate-command.ts")).validateCommand,
  types: async () => (await import("./types-command.ts")).typesCommand,
};

/**
 * The `alice` command: runs `argv` (without the node and script paths) and resolves to the
 * exit code. It never exits the process; every error becomes a message on stderr and a code.
 */
export async function main(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const cli: CliIO = { ...processIO(), ...io };
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      cli.stderr.write(helpText());
      return ExitCode.usage;
    }
    if (first === "-h" || first === "--help" || first === "help") return help(rest[0], cli);
    if (first === "-v" || first === "--version") {
      cli.stdout.write(`${await version()}\n`);
      return ExitCode.complete;
    }
    if (!isCommand(first)) {
      throw new CliError(
        "CLI_USAGE",
        first.startsWith("-")
          ? `unknown option ${first}`
          : `unknown command "${first}" (commands: ${COMMAND_NAMES.join(", ")})`,
      );
    }
    const beforeDashes = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
    if (beforeDashes.includes("--help") || beforeDashes.includes("-h")) {
      cli.stdout.write(helpText(first));
      return ExitCode.complete;
    }
    const command = await COMMANDS[first]();
    return await command(rest, cli);
  } catch (error) {
    const command = first !== undefined && isCommand(first) ? first : undefined;
    return reportError(error, cli, command);
  }
}

function isCommand(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

function help(topic: string | undefined, io: CliIO): number {
  if (topic !== undefined && !isCommand(topic))
    throw new CliError(
      "CLI_USAGE",
      `no help for "${topic}" (commands: ${COMMAND_NAMES.join(", ")})`,
    );
  io.stdout.write(helpText(topic));
  return ExitCode.complete;
}

async function version(): Promise<string> {
  // ../../package.json from src/cli and from dist/cli alike.
  const text = await readFile(new URL("../../package.json", import.meta.url), "utf8");
  return String((JSON.parse(text) as { version?: unknown }).version);
}

/** The commands that load a task to run it. */
const TASK_COMMANDS: readonly CommandName[] = ["run", "resume", "runs"];

/**
 * Errors thrown before anything ran, about what the command line named (exit code 2): a
 * response that cannot be resumed, a stored run that does not exist, or one that cannot be
 * taken now (already stored under that id, held by another process, resumed already).
 */
const NOTHING_RAN: readonly string[] = ["RESUME_INVALID", "RUN_NOT_FOUND", "RUN_CONFLICT"];

/** A problem with a tool named in a file (field `tools.<n>`). */
function namesTool(problem: { path: string }): boolean {
  return /(^|\.)tools\.\d+$/.test(problem.path);
}

/** Prints an error that stopped a command and returns its exit code. */
function reportError(error: unknown, io: CliIO, command: CommandName | undefined): number {
  const line = (text: string) => io.stderr.write(`${text}\n`);
  if (error instanceof CliError) {
    const where = error.command ?? command;
    line(`alice${where === undefined ? "" : ` ${where}`}: ${error.message}`);
    line(`  (see alice${where === undefined ? "" : ` ${where}`} --help)`);
    return ExitCode.usage;
  }
  if (AliceError.isInstance(error)) {
    if (error.code === "TASK_FILE_INVALID" && "problems" in error) {
      const problems = error.problems as readonly { file: string; path: string; message: string }[];
      for (const p of problems)
        line(
          `${p.file}: ${p.path === "" ? "" : `${p.path}: `}${p.message.replace(/\n/g, "\n    ")}`,
        );
      if (command !== undefined && TASK_COMMANDS.includes(command) && problems.some(namesTool))
        line("  (the tools a task file names come from a module: --tools <module>)");
      return ExitCode.usage;
    }
    line(`${error.code}: ${error.message}`);
    return NOTHING_RAN.includes(error.code) ? ExitCode.usage : ExitCode.failed;
  }
  line(
    `alice: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return ExitCode.failed;
}
