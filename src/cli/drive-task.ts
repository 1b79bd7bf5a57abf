import type { AliceTask } from "../engine/alice-task.ts";
import type { TaskResponse, UserResponse } from "../engine/types.ts";
import { askCheckpoint } from "./ask-checkpoint.ts";
import { type CliIO, isTerminal } from "./cli-io.ts";
import { ExitCode } from "./exit-codes.ts";
import type { OpenedStore } from "./open-run-store.ts";
import { createProgressRenderer } from "./progress-renderer.ts";
import { type ResumeInfo, reportResponse } from "./report-response.ts";
import type { MockModel } from "./start-mock-model.ts";
import { resumeCommandFor } from "./store-flag.ts";

/** How a run starts: fresh inputs, a paused response and its answer, or a stored run by id. */
export type DriveStart =
  | { kind: "run"; inputs: Record<string, unknown> }
  | { kind: "resume"; response: unknown; answer: UserResponse }
  | { kind: "stored"; runId: string; answer: UserResponse | undefined };

/** The output flags shared by `alice run` and `alice resume`. */
export interface OutputFlags {
  json?: boolean | undefined;
  stream?: boolean | undefined;
  "no-stream"?: boolean | undefined;
  verbose?: boolean | undefined;
}

/** Options of `driveTask`. */
export interface DriveOptions {
  io: CliIO;
  flags: OutputFlags;
  resumeInfo: ResumeInfo;
  mock: MockModel | undefined;
  /** Signs a pending response, and (resume) checks the one resumed: `--integrity-key-env`. */
  integrityKey?: string | undefined;
  /** Makes the run durable (`--store`, `ALICE_STORE`); required for a `stored` start. */
  store?: OpenedStore | undefined;
  /** The id of a fresh run in the store (`--run-id`). */
  runId?: string | undefined;
}

/**
 * Runs (or resumes) a task the way the command line does: Ctrl-C aborts it, events become
 * progress and streamed text, a checkpoint is asked on the terminal and the run resumed in this
 * process (without a terminal, the pending response is printed), and the result is reported.
 * Returns the exit code.
 */
export async function driveTask(
  task: AliceTask,
  start: DriveStart,
  options: DriveOptions,
): Promise<number> {
  const { io, flags, resumeInfo, mock, integrityKey, store } = options;
  const json = flags.json === true;
  const streaming =
    flags.stream === true || (flags["no-stream"] !== true && !json && isTerminal(io.stdout));
  const textOut = streaming ? (json ? io.stderr : io.stdout) : undefined;
  const showProgress = io.isTTY || flags.verbose === true;
  const renderer = createProgressRenderer({
    progress: showProgress ? io.stderr : undefined,
    text: textOut,
    interactive: io.isTTY,
  });
  const onEvent = showProgress || streaming ? renderer.onEvent : undefined;

  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error("Interrupted (Ctrl-C)."));
  const outer = io.signal;
  if (outer?.aborted) interrupt();
  outer?.addEventListener("abort", interrupt, { once: true });
  const signal = controller.signal;
  const runOptions = {
    signal,
    onEvent,
    ...(integrityKey === undefined ? {} : { integrityKey }),
    ...(store === undefined ? {} : { store: store.store }),
  };
  try {
    let response: TaskResponse;
    if (start.kind === "run") {
      const runId = options.runId;
      response = await task.run(
        start.inputs,
        runId === undefined ? runOptions : { ...runOptions, runId },
      );
    } else if (start.kind === "resume") {
      response = await task.resume(start.response, start.answer, runOptions);
    } else {
      if (store === undefined) throw new Error("driveTask: a stored run needs a store");
      const { answer } = start;
      response = await task.resume(start.runId, {
        ...runOptions,
        store: store.store,
        ...(answer === undefined ? {} : { answer }),
      });
    }
    while (response.status === "pending" && io.isTTY) {
      renderer.endText();
      let answer: UserResponse | undefined;
      try {
        answer = await askCheckpoint(response.pending!.interaction, {
          io,
          signal,
          onInterrupt: interrupt,
        });
      } catch (error) {
        if (!signal.aborted) throw error;
        io.stderr.write("\ncancelled: the checkpoint was not answered; nothing was resumed.\n");
        if (store !== undefined)
          io.stderr.write(
            `  run ${response.runId} stays paused in ${store.where}: ${resumeCommandFor(response.runId)} --option N … --task <task-file>${store.flag === "" ? "" : ` ${store.flag}`}\n`,
          );
        return ExitCode.cancelled;
      }
      if (answer === undefined) break; // stdin ended: report the pending response instead
      response = await task.resume(response, answer, runOptions);
    }
    renderer.endText();
    // The terminal echoed ^C without a newline; start the message on a line of its own.
    if (signal.aborted && io.isTTY) io.stderr.write("\n");
    return reportResponse(response, {
      io,
      json,
      streamedText: textOut === io.stdout ? renderer.lastText : undefined,
      resumeInfo,
      mockProblem: mock?.problem(response.status),
      store,
    });
  } finally {
    outer?.removeEventListener("abort", interrupt);
  }
}
