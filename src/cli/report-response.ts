import type { TaskError, TaskResponse } from "../engine/types.ts";
import type { CliIO } from "./cli-io.ts";
import { ExitCode, exitCodeFor, isInputError } from "./exit-codes.ts";
import type { OpenedStore } from "./open-run-store.ts";
import { pathToType } from "./path-to-type.ts";
import type { MockProblem } from "./start-mock-model.ts";
import { resumeCommandFor, shellWord } from "./store-flag.ts";

/** What `alice resume` needs to load the task again: added to a pending response as `"alice"`. */
export interface ResumeInfo {
  /** The task file, absolute. */
  taskFile: string;
  /** The `--tools` module, absolute. */
  tools?: string;
  /** The `--model` spec (or `ALICE_MODEL`) the run used. */
  model?: string;
  /** The environment variable `--integrity-key-env` named (the key itself is never written). */
  integrityKeyEnv?: string;
}

/** Options of `reportResponse`. */
export interface ReportOptions {
  io: CliIO;
  /** Print the whole response as JSON instead of the output. */
  json: boolean;
  /** The model text streamed on stdout, when it was: the output is not printed twice. */
  streamedText: string | undefined;
  resumeInfo: ResumeInfo;
  /** A problem of the `--mock` script, which fails the command. */
  mockProblem: MockProblem | undefined;
  /** The store the run is in (`--store`): the hints name the run by its id. */
  store?: OpenedStore | undefined;
}

/**
 * Prints a finished (or paused) run the way a shell user relies on, and returns the exit code:
 * the output (or the JSON response) on stdout, `CODE: message` on stderr when it did not
 * complete, and the pending response as JSON, with an `"alice"` field, when it paused.
 */
export function reportResponse(response: TaskResponse, options: ReportOptions): number {
  const { io, json, streamedText, resumeInfo, mockProblem, store } = options;
  const out = (text: string) => io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  let code: number = exitCodeFor(response);

  if (response.status === "pending") {
    out(JSON.stringify({ ...response, alice: resumeInfo }, null, 2));
    const { interaction } = response.pending!;
    const choices = Object.entries(interaction.options)
      .map(([option, label]) => `${option} = ${label}`)
      .join(", ");
    err(
      `alice: paused at ${interaction.taskName}.${interaction.nodeName}: ${interaction.userPrompt}`,
    );
    const answer = `--option N${interaction.requestFeedback ? ' [--feedback "…"]' : ""}`;
    const load = loadFlags(resumeInfo, io, store);
    err(
      store === undefined
        ? `  the pending response is on stdout; save it and answer with: alice resume <file> ${answer} ${load}  (${choices})`
        : `  run ${response.runId} is stored in ${store.where}; answer with: ${resumeCommandFor(response.runId)} ${answer} ${load}  (${choices})`,
    );
  } else if (json) {
    out(JSON.stringify(response, null, 2));
  } else if (response.status === "complete" || response.error === undefined) {
    const shown = streamedText !== undefined && streamedText.trim() === response.taskOutputs.trim();
    if (!shown && response.taskOutputs !== "") out(response.taskOutputs);
  }

  if (response.status !== "complete" && response.status !== "pending") {
    if (response.error === undefined) {
      err(
        `${response.status}: task "${response.taskName}" ended with result code ${response.resultCode} (${response.resultDiagnostic})`,
      );
    } else {
      // The script's own report (below) says it better than the provider's echo of it.
      const message = errorMessage(response);
      err(`${response.error.code}: ${mockProblem === undefined ? message : firstLine(message)}`);
      for (const line of whereAndWhy(response.error)) err(line);
    }
  }
  if (store !== undefined && response.status !== "pending") {
    // Ctrl-C (not a checkpoint's "reject") leaves the run where it was: it can go on.
    const resumable = response.status === "cancelled" && code === ExitCode.cancelled;
    err(
      resumable
        ? `  run ${response.runId} is stored in ${store.where}; continue it with: ${resumeCommandFor(response.runId)} ${loadFlags(resumeInfo, io, store)}`
        : `alice: run ${response.runId} is stored in ${store.where} (alice runs show ${shellWord(response.runId)}${store.flag === "" ? "" : ` ${store.flag}`})`,
    );
  }
  if (mockProblem !== undefined && response.status !== "cancelled") {
    err(`${mockProblem.code}: ${mockProblem.message}`);
    if (code === ExitCode.complete) code = ExitCode.failed;
  }
  return code;
}

/** The flags `alice resume` needs to load the task again (and the store, when named by flag). */
function loadFlags(resumeInfo: ResumeInfo, io: CliIO, store: OpenedStore | undefined): string {
  return [
    `--task ${pathToType(resumeInfo.taskFile, io)}`,
    ...(resumeInfo.tools === undefined ? [] : [`--tools ${pathToType(resumeInfo.tools, io)}`]),
    ...(resumeInfo.integrityKeyEnv === undefined
      ? []
      : [`--integrity-key-env ${resumeInfo.integrityKeyEnv}`]),
    ...(store === undefined || store.flag === "" ? [] : [store.flag]),
  ].join(" ");
}

/** The run's error message; for inputs, the hint names the flag rather than `run({ … })`. */
function errorMessage(response: TaskResponse): string {
  const message = response.error?.message ?? "";
  if (!isInputError(response)) return message;
  return message.replace(
    /Pass it to run\(\{ ([^:]+): \.\.\. \}\)\.$/,
    "Pass it with --input $1=….",
  );
}

/**
 * Where an error arose (the task path and node, when the message does not say) and
 * its causes, each with its own place: `  at research › Check, node "llm_generation"`.
 */
export function whereAndWhy(error: TaskError): string[] {
  const lines: string[] = [];
  const place = (e: TaskError) => {
    // Said only when the message does not already say it: a sub-task's path, an unnamed node.
    const path = e.path ?? [];
    const nodeNamed = e.nodeName === undefined || e.message.includes(`"${e.nodeName}"`);
    if (path.length < 2 && nodeNamed) return undefined;
    const node = e.nodeName === undefined ? "" : `, node "${e.nodeName}"`;
    return `${path.join(" › ")}${node}`;
  };
  const at = place(error);
  if (at !== undefined) lines.push(`  at ${at}`);
  for (let cause = error.cause; cause !== undefined; cause = cause.cause) {
    lines.push(`  cause: ${cause.code}: ${firstLine(cause.message)}`);
    const causeAt = place(cause);
    if (causeAt !== undefined && causeAt !== at) lines.push(`    at ${causeAt}`);
  }
  return lines;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
