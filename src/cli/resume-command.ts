import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { text } from "node:stream/consumers";
import { CliError } from "./cli-error.ts";
import { type CliIO, readEnv } from "./cli-io.ts";
import { LOAD_FLAGS, OUTPUT_FLAGS } from "./command-flags.ts";
import { driveTask } from "./drive-task.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { prepareTask } from "./prepare-task.ts";

const RESUME_FLAGS = {
  option: { type: "string" },
  feedback: { type: "string" },
  task: { type: "string" },
  ...OUTPUT_FLAGS,
  ...LOAD_FLAGS,
} as const;

/**
 * `alice resume <response.json> --option N [--feedback text]`: continues a paused run from the
 * JSON `alice run` printed, loading the task named in its `"alice"` field; returns the exit code.
 */
export async function resumeCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("resume", argv, RESUME_FLAGS, {
    names: ["response.json"],
  });
  const usage = (message: string) => new CliError("CLI_USAGE", message, { command: "resume" });
  if (values.option === undefined) throw usage("missing --option N (the option chosen)");
  const selectedOption = Number(values.option);
  if (values.option.trim() === "" || !Number.isInteger(selectedOption))
    throw usage(`--option must be an integer; got ${JSON.stringify(values.option)}`);

  const path = positionals[0]!;
  const { response, info } = await readPending(path, io);
  const base = path === "-" ? io.cwd : dirname(resolve(io.cwd, path));
  const taskFile =
    values.task ?? (info.taskFile === undefined ? undefined : resolve(base, info.taskFile));
  if (taskFile === undefined) {
    throw usage(
      `${path} does not say which task paused (no "alice.taskFile"); pass --task <task-file>`,
    );
  }
  const tools = values.tools ?? (info.tools === undefined ? undefined : resolve(base, info.tools));
  const prepared = await prepareTask(
    {
      taskFile,
      tools,
      model: values.model ?? info.model ?? readEnv(io, "ALICE_MODEL"),
      modelFrom:
        values.model !== undefined
          ? "--model"
          : info.model !== undefined
            ? `"alice.model" in ${path}`
            : "ALICE_MODEL",
      mock: values.mock,
    },
    io,
  );
  try {
    const answer =
      values.feedback === undefined
        ? { selectedOption }
        : { selectedOption, feedback: values.feedback };
    // The response came through stdin: there is no terminal left to ask a later checkpoint on.
    const runIO = path === "-" ? { ...io, isTTY: false } : io;
    return await driveTask(
      prepared.task,
      { kind: "resume", response, answer },
      { io: runIO, flags: values, resumeInfo: prepared.resumeInfo, mock: prepared.mock },
    );
  } finally {
    prepared.mock?.close();
  }
}

/** The `"alice"` field of a pending response, as far as it is well-formed. */
interface PendingInfo {
  taskFile?: string;
  tools?: string;
  model?: string;
}

async function readPending(
  path: string,
  io: CliIO,
): Promise<{ response: Record<string, unknown>; info: PendingInfo }> {
  const invalid = (why: string) =>
    new CliError("CLI_FILE_INVALID", `${path}: ${why}`, { command: "resume" });
  let source: string;
  try {
    source = path === "-" ? await text(io.stdin) : await readFile(resolve(io.cwd, path), "utf8");
  } catch (error) {
    throw invalid(`cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw invalid(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid("expected the pending response (a JSON object) that alice run printed");
  const { alice, ...response } = value as Record<string, unknown>;
  const field = (key: keyof PendingInfo): string | undefined => {
    const v =
      typeof alice === "object" && alice !== null
        ? (alice as Record<string, unknown>)[key]
        : undefined;
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const info: PendingInfo = {};
  for (const key of ["taskFile", "tools", "model"] as const) {
    const v = field(key);
    if (v !== undefined) info[key] = v;
  }
  return { response, info };
}
