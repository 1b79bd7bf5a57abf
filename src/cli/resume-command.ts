import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { text } from "node:stream/consumers";
import { checkIntegrity } from "../engine/response-integrity.ts";
import { CliError } from "./cli-error.ts";
import { type CliIO, readEnv } from "./cli-io.ts";
import { driveTask } from "./drive-task.ts";
import { integrityKeyFrom } from "./integrity-key.ts";
import { type OpenedStore, openRunStore } from "./open-run-store.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { pathToType } from "./path-to-type.ts";
import { prepareTask } from "./prepare-task.ts";
import { answerFrom, RESUME_FLAGS, resumeStoredRun } from "./resume-stored.ts";
import { chooseStore, withBareStore } from "./store-flag.ts";

/**
 * `alice resume <response.json|runId> --task <task-file> [--option N] [--tools <module>]`:
 * continues a paused run from the JSON `alice run` printed, or a stored run by its id; returns
 * the exit code. The task file and the tools module come from the command line only: a
 * response file is data, and the files its `"alice"` field names are never loaded, only
 * compared and shown (what to pass).
 *
 * The argument is a response file when it is `-`, an existing file, or looks like a path (it
 * has a `/` or ends in `.json`); otherwise it is a run id, looked up in the store (`--store`,
 * else `$ALICE_STORE`, else `.alice/runs.db`).
 */
export async function resumeCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("resume", withBareStore(argv), RESUME_FLAGS, {
    names: ["response.json|run-id"],
  });
  const usage = (message: string) => new CliError("CLI_USAGE", message, { command: "resume" });
  if (!isResponseFile(positionals[0]!, io))
    return resumeStoredRun(positionals[0]!, values, io, "resume");
  if (values.option === undefined) throw usage("missing --option N (the option chosen)");
  const { selectedOption } = answerFrom(values, usage)!;
  const integrityKey = integrityKeyFrom(values["integrity-key-env"], io, "resume");

  const path = positionals[0]!;
  const { response, info } = await readPending(path, io);
  // The signature before anything else: a changed file is refused before a line of it is used.
  if (integrityKey !== undefined) checkIntegrity(response, integrityKey, String(response.taskName));
  else if (typeof response.integrity === "string") {
    const env = info.integrityKeyEnv === undefined ? "NAME" : info.integrityKeyEnv;
    io.stderr.write(
      `alice resume: note: ${path} is signed ("integrity"), but its signature is not checked without --integrity-key-env ${env}\n`,
    );
  }
  const base = path === "-" ? io.cwd : dirname(resolve(io.cwd, path));
  const recorded = {
    taskFile: info.taskFile === undefined ? undefined : resolve(base, info.taskFile),
    tools: info.tools === undefined ? undefined : resolve(base, info.tools),
  };
  const missing = [
    values.task === undefined ? "--task <task-file>" : undefined,
    values.tools === undefined && recorded.tools !== undefined ? "--tools <module>" : undefined,
  ].filter((flag) => flag !== undefined);
  if (missing.length > 0)
    throw usage(`missing ${missing.join(" and ")}: ${whatToPass(path, recorded, values, io)}`);
  // What the file names is only compared: a different file is the user's choice, but said.
  for (const [flag, given, named] of [
    ["--task", values.task, recorded.taskFile],
    ["--tools", values.tools, recorded.tools],
  ] as const) {
    if (given !== undefined && named !== undefined && resolve(io.cwd, given) !== named)
      io.stderr.write(
        `alice resume: note: ${path} was paused with ${flag} ${named}; resuming with ${resolve(io.cwd, given)}\n`,
      );
  }

  const prepared = await prepareTask(
    {
      taskFile: values.task!,
      tools: values.tools,
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
  // A store only when asked (--store, ALICE_STORE): then the response is resumed through it,
  // once, and stored if it was not.
  const storeChoice = chooseStore(values.store, io, { fallback: false, command: "resume" });
  let store: OpenedStore | undefined;
  try {
    const answer =
      values.feedback === undefined
        ? { selectedOption }
        : { selectedOption, feedback: values.feedback };
    if (storeChoice !== undefined)
      store = await openRunStore(storeChoice, io, { create: true, command: "resume" });
    // The response came through stdin: there is no terminal left to ask a later checkpoint on.
    const runIO = path === "-" ? { ...io, isTTY: false } : io;
    const keyEnv = values["integrity-key-env"];
    return await driveTask(
      prepared.task,
      { kind: "resume", response, answer },
      {
        io: runIO,
        flags: values,
        resumeInfo:
          keyEnv === undefined
            ? prepared.resumeInfo
            : { ...prepared.resumeInfo, integrityKeyEnv: keyEnv },
        mock: prepared.mock,
        integrityKey,
        store,
      },
    );
  } finally {
    prepared.mock?.close();
    await store?.store.close();
  }
}

/** `-`, an existing file, or an argument that looks like a path: a pending response to read. */
function isResponseFile(argument: string, io: CliIO): boolean {
  if (argument === "-" || argument.includes("/") || argument.includes("\\")) return true;
  if (argument.toLowerCase().endsWith(".json")) return true;
  try {
    return statSync(resolve(io.cwd, argument)).isFile();
  } catch {
    return false;
  }
}

/**
 * Why `--task` (and `--tools`) must be given, with the command line that resumes the way the
 * run was started, for the user to check and type: what the response file names is shown,
 * never loaded.
 */
function whatToPass(
  path: string,
  recorded: { taskFile: string | undefined; tools: string | undefined },
  values: { option?: string | undefined; task?: string | undefined; tools?: string | undefined },
  io: CliIO,
): string {
  const why =
    "alice resume loads only the task file and the tools module named on its command line, never the ones a response file names";
  if (recorded.taskFile === undefined && values.task === undefined)
    return `${why} (and ${path} names none)`;
  const task = values.task ?? recorded.taskFile!;
  const tools = values.tools ?? recorded.tools;
  const line = [
    "alice resume",
    path === "-" ? "-" : pathToType(path, io),
    `--option ${values.option}`,
    `--task ${pathToType(task, io)}`,
    ...(tools === undefined ? [] : [`--tools ${pathToType(tools, io)}`]),
  ].join(" ");
  const named = [
    recorded.taskFile === undefined ? undefined : `task file ${recorded.taskFile}`,
    recorded.tools === undefined ? undefined : `tools ${recorded.tools}`,
  ].filter((part) => part !== undefined);
  return `${why}. ${path} was paused with ${named.join(" and ")}: if you trust them, resume with\n  ${line}`;
}

/** The `"alice"` field of a pending response, as far as it is well-formed. */
interface PendingInfo {
  taskFile?: string;
  tools?: string;
  model?: string;
  integrityKeyEnv?: string;
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
  for (const key of ["taskFile", "tools", "model", "integrityKeyEnv"] as const) {
    const v = field(key);
    if (v !== undefined) info[key] = v;
  }
  return { response, info };
}
