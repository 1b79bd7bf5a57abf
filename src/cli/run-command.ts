import { CliError } from "./cli-error.ts";
import { type CliIO, readEnv } from "./cli-io.ts";
import { LOAD_FLAGS, OUTPUT_FLAGS } from "./command-flags.ts";
import { driveTask } from "./drive-task.ts";
import { INTEGRITY_FLAGS, integrityKeyFrom } from "./integrity-key.ts";
import { type OpenedStore, openRunStore } from "./open-run-store.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { parseInputs } from "./parse-inputs.ts";
import { prepareTask } from "./prepare-task.ts";
import { chooseStore, STORE_FLAGS, withBareStore } from "./store-flag.ts";

const RUN_FLAGS = {
  input: { type: "string", short: "i", multiple: true },
  inputs: { type: "string" },
  ...STORE_FLAGS,
  "run-id": { type: "string" },
  ...INTEGRITY_FLAGS,
  ...OUTPUT_FLAGS,
  ...LOAD_FLAGS,
} as const;

/** `alice run <task-file> [--input key=value …]`: runs a task file; returns the exit code. */
export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", withBareStore(argv), RUN_FLAGS, {
    names: ["task-file"],
  });
  const usage = (message: string) => new CliError("CLI_USAGE", message, { command: "run" });
  // No --store and no ALICE_STORE: the run lives in memory, as it always did.
  const storeChoice = chooseStore(values.store, io, { fallback: false, command: "run" });
  const runId = values["run-id"];
  if (runId !== undefined && runId.trim() === "") throw usage("--run-id needs an id");
  if (runId !== undefined && storeChoice === undefined)
    throw usage(
      "--run-id names a run in a store: add --store <path|postgres://…> (a bare --store is .alice/runs.db) or set ALICE_STORE",
    );
  const keyEnv = values["integrity-key-env"];
  const integrityKey = integrityKeyFrom(keyEnv, io, "run");
  const prepared = await prepareTask(
    {
      taskFile: positionals[0]!,
      tools: values.tools,
      model: values.model ?? readEnv(io, "ALICE_MODEL"),
      modelFrom: values.model === undefined ? "ALICE_MODEL" : "--model",
      mock: values.mock,
    },
    io,
  );
  let store: OpenedStore | undefined;
  try {
    const inputs = await parseInputs({
      pairs: values.input ?? [],
      file: values.inputs,
      declared: prepared.task.inputVariables,
      cwd: io.cwd,
      signal: io.signal,
    });
    // Opened once the command line is known to be good: a mistake creates no file.
    if (storeChoice !== undefined)
      store = await openRunStore(storeChoice, io, { create: true, command: "run" });
    return await driveTask(
      prepared.task,
      { kind: "run", inputs },
      {
        io,
        flags: values,
        resumeInfo:
          keyEnv === undefined
            ? prepared.resumeInfo
            : { ...prepared.resumeInfo, integrityKeyEnv: keyEnv },
        mock: prepared.mock,
        integrityKey,
        store,
        runId,
      },
    );
  } finally {
    prepared.mock?.close();
    await store?.store.close();
  }
}
