import type { RunSnapshot } from "../engine/run-snapshot.ts";
import type { UserResponse } from "../engine/types.ts";
import type { StoredRun } from "../stores/run-store.ts";
import { RunStoreError } from "../stores/run-store-error.ts";
import { CliError } from "./cli-error.ts";
import { type CliIO, readEnv } from "./cli-io.ts";
import { LOAD_FLAGS, OUTPUT_FLAGS } from "./command-flags.ts";
import { driveTask, type OutputFlags } from "./drive-task.ts";
import { INTEGRITY_FLAGS, integrityKeyFrom } from "./integrity-key.ts";
import { type OpenedStore, openRunStore } from "./open-run-store.ts";
import { type PreparedTask, prepareTask } from "./prepare-task.ts";
import { chooseStore, STORE_FLAGS, shellWord } from "./store-flag.ts";

/** The flags of `alice resume` (a response file or a stored run) and `alice runs resume`. */
export const RESUME_FLAGS = {
  option: { type: "string" },
  feedback: { type: "string" },
  task: { type: "string" },
  ...STORE_FLAGS,
  ...INTEGRITY_FLAGS,
  ...OUTPUT_FLAGS,
  ...LOAD_FLAGS,
} as const;

/** The parsed `RESUME_FLAGS`. */
export interface ResumeValues extends OutputFlags {
  option?: string | undefined;
  feedback?: string | undefined;
  task?: string | undefined;
  store?: string | undefined;
  "integrity-key-env"?: string | undefined;
  tools?: string | undefined;
  model?: string | undefined;
  mock?: string | undefined;
}

/** `--option N [--feedback …]` as an answer; undefined without `--option`. */
export function answerFrom(
  values: ResumeValues,
  usage: (message: string) => Error,
): UserResponse | undefined {
  if (values.option === undefined) {
    if (values.feedback !== undefined) throw usage("--feedback goes with --option N");
    return undefined;
  }
  const selectedOption = Number(values.option);
  if (values.option.trim() === "" || !Number.isInteger(selectedOption))
    throw usage(`--option must be an integer; got ${JSON.stringify(values.option)}`);
  return values.feedback === undefined
    ? { selectedOption }
    : { selectedOption, feedback: values.feedback };
}

/**
 * `alice resume <runId>` (and `alice runs resume <runId>`): continues a run stored by
 * `alice run --store` after a crash, a Ctrl-C or a pause (with `--option N` for the question it
 * waits on); a finished run prints its stored result and runs nothing. Like a JSON resume, the
 * task file and the tools come from the command line only. Returns the exit code.
 */
export async function resumeStoredRun(
  runId: string,
  values: ResumeValues,
  io: CliIO,
  command: "resume" | "runs resume",
): Promise<number> {
  const usage = (message: string) => new CliError("CLI_USAGE", message, { command });
  const answer = answerFrom(values, usage);
  const integrityKey = integrityKeyFrom(values["integrity-key-env"], io, "resume");
  const choice = chooseStore(values.store, io, { fallback: true, command })!;
  const store = await openRunStore(choice, io, { create: false, command });
  let prepared: PreparedTask | undefined;
  try {
    const loaded = await store.store.loadRun(runId, io.signal ? { signal: io.signal } : {});
    if (loaded === undefined) throw runNotFound(runId, store);
    const { run } = loaded;
    const show = `alice runs show ${shellWord(runId)}${store.flag === "" ? "" : ` ${store.flag}`}`;
    if (run.parentRunId !== undefined)
      throw usage(
        `run ${runId} is a sub-task run (task "${run.taskName}") of run ${run.parentRunId}: resume that run instead`,
      );
    checkAnswer(run, answer, usage, show);
    if (values.task === undefined)
      throw usage(
        `missing --task <task-file>: run ${runId} is a run of task "${run.taskName}" (${run.status}); alice resume loads only the task file (and the --tools module) named on its command line`,
      );
    if (isFinished(run))
      io.stderr.write(
        `alice ${command}: note: run ${runId} is ${run.status} already; nothing runs again, this is its stored result\n`,
      );
    prepared = await prepareTask(
      {
        taskFile: values.task,
        tools: values.tools,
        model: values.model ?? readEnv(io, "ALICE_MODEL"),
        modelFrom: values.model === undefined ? "ALICE_MODEL" : "--model",
        mock: values.mock,
      },
      io,
    );
    const keyEnv = values["integrity-key-env"];
    return await driveTask(
      prepared.task,
      { kind: "stored", runId, answer },
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
      },
    );
  } finally {
    prepared?.mock?.close();
    await store.store.close();
  }
}

/** An answer only for a run that waits on a question, and one of the options it offers. */
function checkAnswer(
  run: StoredRun,
  answer: UserResponse | undefined,
  usage: (message: string) => Error,
  show: string,
): void {
  if (answer === undefined) return;
  if (run.status !== "pending")
    throw usage(
      `--option ${answer.selectedOption}: run ${run.runId} is ${run.status}, not waiting for an answer (${show})`,
    );
  const interaction = (run.snapshot as unknown as RunSnapshot).pending?.interaction;
  if (interaction === undefined || String(answer.selectedOption) in interaction.options) return;
  const choices = Object.entries(interaction.options)
    .map(([option, label]) => `${option} = ${label}`)
    .join(", ");
  throw usage(`--option ${answer.selectedOption}: "${interaction.userPrompt}" offers ${choices}`);
}

/** A run that will not advance again: complete, failed, or cancelled by a checkpoint answer. */
export function isFinished(run: StoredRun): boolean {
  if (run.status === "complete" || run.status === "failed") return true;
  return run.status === "cancelled" && (run.snapshot as unknown as RunSnapshot).next === null;
}

/** `RUN_NOT_FOUND` naming the store and how to list its runs (exit code 2). */
export function runNotFound(runId: string, store: OpenedStore): RunStoreError {
  return new RunStoreError(
    "RUN_NOT_FOUND",
    `No run "${runId}" in ${store.where}: \`alice runs list${store.flag === "" ? "" : ` ${store.flag}`}\` lists the stored runs.`,
    { runId },
  );
}
