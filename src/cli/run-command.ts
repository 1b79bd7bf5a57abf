import { type CliIO, readEnv } from "./cli-io.ts";
import { LOAD_FLAGS, OUTPUT_FLAGS } from "./command-flags.ts";
import { driveTask } from "./drive-task.ts";
import { INTEGRITY_FLAGS, integrityKeyFrom } from "./integrity-key.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { parseInputs } from "./parse-inputs.ts";
import { prepareTask } from "./prepare-task.ts";

const RUN_FLAGS = {
  input: { type: "string", short: "i", multiple: true },
  inputs: { type: "string" },
  ...INTEGRITY_FLAGS,
  ...OUTPUT_FLAGS,
  ...LOAD_FLAGS,
} as const;

/** `alice run <task-file> [--input key=value …]`: runs a task file; returns the exit code. */
export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", argv, RUN_FLAGS, {
    names: ["task-file"],
  });
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
  try {
    const inputs = await parseInputs({
      pairs: values.input ?? [],
      file: values.inputs,
      declared: prepared.task.inputVariables,
      cwd: io.cwd,
      signal: io.signal,
    });
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
      },
    );
  } finally {
    prepared.mock?.close();
  }
}
