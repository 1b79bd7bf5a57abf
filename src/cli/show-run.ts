import type { RunSnapshot } from "../engine/run-snapshot.ts";
import type { NodeResponse, TaskError, UserInteraction } from "../engine/types.ts";
import type { LoadedRun, RunEvent } from "../stores/run-store.ts";
import type { CliIO } from "./cli-io.ts";
import type { OpenedStore } from "./open-run-store.ts";
import { whereAndWhy } from "./report-response.ts";
import { isFinished, runNotFound } from "./resume-stored.ts";
import { ageOf, formatTable, oneLine, optionList, snapshotOf } from "./run-format.ts";
import { resumeCommandFor } from "./store-flag.ts";

/**
 * `alice runs show <runId>`: a stored run's status, its history in order (each node with its
 * exit code, pauses, resumes, the end), the question it waits on, its error, and how to go on.
 * `json` prints the same as one JSON object. Returns the exit code.
 */
export async function showRun(
  runId: string,
  opened: OpenedStore,
  options: { io: CliIO; json: boolean },
): Promise<number> {
  const { io, json } = options;
  const loaded = await opened.store.loadRun(
    runId,
    io.signal === undefined ? {} : { signal: io.signal },
  );
  if (loaded === undefined) throw runNotFound(runId, opened);
  io.stdout.write(
    json
      ? `${JSON.stringify(runDetails(loaded), null, 2)}\n`
      : renderRun(loaded, opened, Date.now()),
  );
  return 0;
}

/** A stored run as `alice runs show --json` prints it. */
export function runDetails(loaded: LoadedRun): Record<string, unknown> {
  const { run, events } = loaded;
  const snapshot = snapshotOf(run);
  const error = errorOf(snapshot);
  const result = snapshot.result;
  return {
    runId: run.runId,
    taskName: run.taskName,
    ...(run.parentRunId === undefined ? {} : { parentRunId: run.parentRunId }),
    ...(run.threadId === undefined ? {} : { threadId: run.threadId }),
    taskPath: snapshot.taskPath ?? [run.taskName],
    status: run.status,
    version: run.version,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    inputs: snapshot.taskInputs ?? {},
    next: snapshot.next ?? null,
    nodes: events.flatMap((event) => {
      if (event.kind !== "node") return [];
      const node = event.data as unknown as NodeResponse;
      const subRuns = subRunsOf(node);
      return [
        {
          executionOrder: node.executionOrder,
          nodeName: node.nodeName,
          exitCode: node.exitCode,
          at: event.at,
          ...(subRuns.length === 0 ? {} : { subRuns }),
        },
      ];
    }),
    history: events.map((event) =>
      event.kind === "node"
        ? {
            seq: event.seq,
            kind: event.kind,
            at: event.at,
            nodeName: (event.data as unknown as NodeResponse).nodeName,
            exitCode: (event.data as unknown as NodeResponse).exitCode,
          }
        : { seq: event.seq, kind: event.kind, at: event.at, data: event.data },
    ),
    ...(run.status === "pending" && snapshot.pending !== undefined
      ? { pending: snapshot.pending }
      : {}),
    ...(result === undefined
      ? {}
      : {
          result: {
            status: result.status,
            resultCode: result.resultCode,
            resultDiagnostic: result.resultDiagnostic,
            taskOutputs: result.taskOutputs,
            ...(result.structuredOutput === undefined
              ? {}
              : { structuredOutput: result.structuredOutput }),
          },
        }),
    ...(error === undefined ? {} : { error }),
  };
}

/** The run for a terminal: a header, the history as a table, the question or error, what next. */
export function renderRun(loaded: LoadedRun, opened: OpenedStore, now: number): string {
  const { run, events } = loaded;
  const snapshot = snapshotOf(run);
  const lines: string[] = [];
  const field = (name: string, value: string) => lines.push(`${name.padEnd(9)} ${value}`);
  field("run", run.runId);
  const path = snapshot.taskPath ?? [run.taskName];
  field("task", path.length > 1 ? `${run.taskName} (${path.join(" › ")})` : run.taskName);
  if (run.parentRunId !== undefined) field("parent", `run ${run.parentRunId}`);
  field("status", statusLine(loaded));
  field("updated", `${ageOf(run.updatedAt, now)} (${run.updatedAt}); created ${run.createdAt}`);
  field("inputs", oneLine(JSON.stringify(snapshot.taskInputs ?? {}), 200));

  lines.push("", "history");
  if (events.length === 0) lines.push("  (no node has completed yet)");
  else {
    const rows = historyRows(events);
    const table = formatTable(["  #", "TIME", "EVENT"], rows);
    lines.push(...table.trimEnd().split("\n"));
  }

  const pending = run.status === "pending" ? snapshot.pending : undefined;
  if (pending !== undefined) {
    const { interaction } = pending;
    lines.push(
      "",
      `waiting on ${interaction.taskName}.${interaction.nodeName}: ${interaction.userPrompt}`,
      `  ${optionList(interaction.options)}${interaction.requestFeedback ? "; feedback requested" : ""}`,
    );
  }
  const error = errorOf(snapshot);
  if (error !== undefined) {
    lines.push("", `error     ${error.code}: ${oneLine(error.message, 400)}`);
    for (const line of whereAndWhy(error)) lines.push(`  ${line}`);
  }
  const result = snapshot.result;
  if (run.status === "complete" && result !== undefined && result.taskOutputs !== "")
    lines.push("", `output    ${oneLine(result.taskOutputs, 300)}`);

  const next = nextStep(loaded, opened, pending?.interaction);
  if (next !== undefined) lines.push("", next);
  return `${lines.join("\n")}\n`;
}

/** `pending at Publish`, `cancelled (Ctrl-C): continues at Draft`, `complete`, … */
function statusLine(loaded: LoadedRun): string {
  const { run } = loaded;
  const snapshot = snapshotOf(loaded.run);
  const version = `version ${run.version}`;
  switch (run.status) {
    case "pending":
      return `pending: waiting for an answer at ${snapshot.pending?.nodeName ?? "?"} (${version})`;
    case "running":
      return `running, or its process stopped (${version}; next: ${snapshot.next ?? "the end"})`;
    case "cancelled":
      return isFinished(run)
        ? `cancelled by a checkpoint answer (${version})`
        : `cancelled: continues at ${snapshot.next ?? "?"} (${version})`;
    default:
      return `${run.status} (${version})`;
  }
}

/** The command that continues the run, when it can go on. */
function nextStep(
  loaded: LoadedRun,
  opened: OpenedStore,
  interaction: UserInteraction | undefined,
): string | undefined {
  const { run } = loaded;
  const store = opened.flag === "" ? "" : ` ${opened.flag}`;
  const resume = resumeCommandFor(run.runId);
  if (run.parentRunId !== undefined)
    return isFinished(run) ? undefined : `a sub-task run: continue run ${run.parentRunId}`;
  if (run.status === "pending" && interaction !== undefined)
    return `answer with: ${resume} --option N${interaction.requestFeedback ? ' [--feedback "…"]' : ""} --task <task-file>${store}`;
  if (run.status === "running")
    return `if its process is gone, continue it with: ${resume} --task <task-file>${store} (refused while a live process holds the run)`;
  if (run.status === "cancelled" && !isFinished(run))
    return `continue it with: ${resume} --task <task-file>${store}`;
  return undefined;
}

/** One row per event: number, local time, what happened. */
function historyRows(events: readonly RunEvent[]): string[][] {
  let asked: UserInteraction | undefined;
  return events.map((event) => {
    const time = new Date(event.at);
    const clock = Number.isNaN(time.getTime()) ? event.at : time.toTimeString().slice(0, 8);
    const data = (event.data ?? {}) as Record<string, unknown>;
    let text: string;
    switch (event.kind) {
      case "node": {
        const node = event.data as unknown as NodeResponse;
        const subRuns = subRunsOf(node);
        text = `${node.nodeName}: exit ${node.exitCode}${subRuns.length === 0 ? "" : ` (sub-task run ${subRuns.join(", ")})`}`;
        break;
      }
      case "pause": {
        const pending = event.data as unknown as NonNullable<RunSnapshot["pending"]>;
        asked = pending.interaction;
        const where =
          pending.childRunId === undefined ? "" : ` (in sub-task run ${pending.childRunId})`;
        text = `paused at ${pending.nodeName}: ${oneLine(pending.interaction?.userPrompt ?? "", 120)}${where}`;
        break;
      }
      case "resume":
        text = resumeText(data, asked);
        break;
      case "end": {
        const error = data.error as TaskError | undefined;
        text = `ended ${String(data.status)}${error === undefined ? "" : `: ${error.code}`}`;
        break;
      }
      default:
        text = event.kind;
    }
    return [`  ${event.seq}`, clock, text];
  });
}

function resumeText(data: Record<string, unknown>, asked: UserInteraction | undefined): string {
  const answer = data.answer as { selectedOption?: number; feedback?: string } | undefined;
  const at = typeof data.next === "string" ? ` at ${data.next}` : "";
  if (answer !== undefined && typeof answer.selectedOption === "number") {
    const label = asked?.options[answer.selectedOption];
    const chosen = `option ${answer.selectedOption}${label === undefined ? "" : ` (${label})`}`;
    const feedback =
      answer.feedback === undefined
        ? ""
        : `, feedback ${JSON.stringify(oneLine(answer.feedback, 80))}`;
    const from = data.from === "response" ? " from a saved response" : "";
    return `resumed${from} with ${chosen}${feedback}${at}`;
  }
  if (data.from === "running") return `resumed after its process stopped${at}`;
  if (data.from === "cancelled") return `resumed after a cancel${at}`;
  return `resumed${at}`;
}

/** The run ids of the sub-task runs a node started (a workflow node's). */
function subRunsOf(node: NodeResponse): string[] {
  const responses = node.references?.taskResponses ?? [];
  return responses.flatMap((r) => (typeof r?.runId === "string" ? [r.runId] : []));
}

function errorOf(snapshot: Partial<RunSnapshot>): TaskError | undefined {
  return snapshot.result?.error ?? snapshot.stop?.error;
}
