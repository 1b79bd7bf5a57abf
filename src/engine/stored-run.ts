import { randomUUID } from "node:crypto";
import { AliceError } from "../errors/alice-error.ts";
import { ResumeError, RunConflictError } from "../errors/errors.ts";
import type { JsonValue } from "../messages/json.ts";
import type { Lease, LoadedRun } from "../stores/run-store.ts";
import { answerStoredRun } from "./answer-stored-run.ts";
import { type Durability, DurableRun } from "./durable-run.ts";
import type { ChildStart } from "./node-context.ts";
import { nodesOf, restoreRun, storedResponse } from "./restore-run.ts";
import { checkResumable, resumeRun } from "./resume-run.ts";
import { type RunSnapshot, type StoredPending, snapshotOf } from "./run-snapshot.ts";
import { claimThread, holdThread } from "./run-thread.ts";
import type { RunnableTask } from "./runnable-task.ts";
import { type PreparedRun, startRun } from "./start-run.ts";
import type { TaskResponse, UserResponse } from "./types.ts";

// A run given a store, opened: created with its lease (a fresh run), or rebuilt from its events
// and snapshot under a new lease and continued (after a crash or a cancel: at the node it was
// at; after a pause: with the answer). Only the process holding the lease advances a run.

/** How a stored run is continued: by its id, with the answer to its question when it waits. */
export interface StoredStart {
  kind: "stored";
  runId: string;
  answer?: UserResponse | undefined;
  /** The pending response given to `resume()`: it must be where the stored run stands. */
  given?: unknown;
}

/** What opening a durable run gives: the run to drive, or a run that has nothing left to do. */
export type OpenedRun =
  | { kind: "run"; durable: DurableRun; prepared: PreparedRun; resumed: boolean }
  /** Finished (or paused, and no answer was given): its stored response; nothing runs. */
  | { kind: "done"; response: TaskResponse };

/** Where and how a durable run is opened. */
export interface DurableStart {
  durability: Durability;
  /** A fresh run's id. @default a random UUID */
  runId?: string | undefined;
  parentRunId?: string | undefined;
  /** The chat thread a fresh root run belongs to (stored with it; one run in progress at a time). */
  threadId?: string | undefined;
  /** Passed on to the run's nodes with its thread (see `RunThread`). */
  historyWindow?: number | undefined;
}

/**
 * Opens a durable run: a fresh one is created in the store (a taken `runId` is a
 * `RunConflictError`, except for a sub-task run, which continues its stored run); a stored one
 * is leased (`RunConflictError` while another process holds it) and loaded. A pending response
 * given to `resume()` is resumed through the store (its stored run when there is one, else it is
 * stored first), so it too is resumed once.
 */
export async function openDurableRun(
  task: RunnableTask,
  start: ChildStart | StoredStart,
  options: DurableStart,
): Promise<OpenedRun> {
  const { store } = options.durability;
  if (start.kind === "fresh") {
    const runId = options.runId ?? randomUUID();
    if (options.durability.child && (await store.loadRun(runId)) !== undefined)
      return reopen(task, runId, undefined, options);
    return create(task, start.inputs, runId, options);
  }
  if (start.kind === "resume")
    return reopen(task, start.response.runId, start.answer, options, start.response);
  return reopen(task, start.runId, start.answer, options, start.given);
}

/**
 * Stores a fresh run under its lease. A run of a thread holds the thread in this process from
 * here (taken before anything is awaited, so of two runs started together here the second is
 * refused at once) until it closes, and claims it in the store (see `claimThread`).
 */
async function create(
  task: RunnableTask,
  inputs: Readonly<Record<string, unknown>>,
  runId: string,
  options: DurableStart,
): Promise<OpenedRun> {
  const { threadId } = options;
  const release =
    threadId === undefined ? undefined : holdThread(options.durability.store, threadId);
  try {
    return await createHeld(task, inputs, runId, options, release);
  } catch (error) {
    release?.();
    throw error;
  }
}

async function createHeld(
  task: RunnableTask,
  inputs: Readonly<Record<string, unknown>>,
  runId: string,
  options: DurableStart,
  release: (() => void) | undefined,
): Promise<OpenedRun> {
  const { durability, parentRunId, threadId, historyWindow } = options;
  const { store, owner, leaseTtlMs } = durability;
  const prepared = startRun(task, inputs, parentRunId, runId);
  const taskPath = [...durability.parentPath, task.taskName];
  const snapshot = snapshotOf(task, taskPath, prepared.run, { next: prepared.next });
  let version: number;
  try {
    const stored = await store.createRun({
      runId,
      taskName: task.taskName,
      ...(parentRunId === undefined ? {} : { parentRunId }),
      ...(threadId === undefined ? {} : { threadId }),
      status: "running",
      snapshot: snapshot as unknown as JsonValue,
    });
    version = stored.version;
  } catch (error) {
    if (!AliceError.isInstance(error) || error.code !== "RUN_CONFLICT") throw error;
    throw new RunConflictError(
      `Run "${runId}" of task "${task.taskName}" is already stored: continue it with resume("${runId}", { store }), or choose another runId.`,
      { cause: error },
    );
  }
  const lease = await store.acquireLease(runId, owner, leaseTtlMs);
  if (threadId !== undefined) await claimThread(store, runId, threadId, lease);
  const thread = { threadId, historyWindow, release };
  const durable = new DurableRun({
    durability,
    task,
    runId,
    lease,
    version,
    stored: 0,
    snapshot,
    thread,
  });
  return { kind: "run", durable, prepared, resumed: false };
}

/** Leases and loads a stored run (storing a given pending response first when it is not). */
async function reopen(
  task: RunnableTask,
  runId: string,
  answer: UserResponse | undefined,
  options: DurableStart,
  given?: unknown,
): Promise<OpenedRun> {
  const { store, owner, leaseTtlMs } = options.durability;
  let lease: Lease;
  try {
    lease = await store.acquireLease(runId, owner, leaseTtlMs);
  } catch (error) {
    if (!AliceError.isInstance(error) || error.code !== "RUN_NOT_FOUND") throw error;
    if (given === undefined || answer === undefined) throw notFound(task, runId, error);
    return importPending(task, given, answer, options);
  }
  try {
    const loaded = await store.loadRun(runId);
    if (loaded === undefined) throw notFound(task, runId);
    if (loaded.run.taskName !== task.taskName) {
      throw new ResumeError(
        `Cannot resume run "${runId}" with task "${task.taskName}": it is a run of task "${loaded.run.taskName}".`,
      );
    }
    if (given !== undefined && !sameStop(given, loaded)) {
      throw new RunConflictError(
        `Run "${runId}" has moved on since this response was saved (it is ${loaded.run.status} after ${nodesOf(loaded).length} nodes): it was resumed already.`,
      );
    }
    const opened = await continueLoaded(task, loaded, answer, lease, options);
    if (opened.kind === "done") await store.releaseLease(lease).catch(() => {});
    return opened;
  } catch (error) {
    await store.releaseLease(lease).catch(() => {});
    throw error;
  }
}

/** Decides what a loaded run does next, by its status and the answer. */
async function continueLoaded(
  task: RunnableTask,
  loaded: LoadedRun,
  answer: UserResponse | undefined,
  lease: Lease,
  options: DurableStart,
): Promise<OpenedRun> {
  const { run } = loaded;
  const snapshot = run.snapshot as unknown as RunSnapshot;
  const { store } = options.durability;
  const status = run.status;
  // A cancel the user chose (a checkpoint option, "stop the run") has nowhere to continue.
  const ended =
    status === "complete" ||
    status === "failed" ||
    (status === "cancelled" && snapshot.next === null);
  if (ended || (status === "pending" && answer === undefined)) {
    if (answer !== undefined) {
      throw new RunConflictError(
        `Run "${run.runId}" is ${status}: it was resumed already, and there is no question to answer.`,
      );
    }
    return { kind: "done", response: await storedResponse(store, loaded) };
  }
  if (status !== "pending" && answer !== undefined) {
    throw new RunConflictError(
      `Run "${run.runId}" is ${status}, not waiting for an answer: it was resumed already.`,
    );
  }
  const durable = new DurableRun({
    durability: options.durability,
    task,
    runId: run.runId,
    lease,
    version: run.version,
    stored: nodesOf(loaded).length,
    snapshot,
    thread: { threadId: run.threadId, historyWindow: options.historyWindow },
  });
  let prepared: PreparedRun;
  try {
    let event: Record<string, JsonValue>;
    if (status === "pending") {
      prepared = await answerStoredRun(task, loaded, answer!, durable, options.parentRunId);
      event = { from: "pending", answer: { ...answer! } };
    } else {
      prepared = continued(task, loaded, snapshot);
      event = { from: status };
    }
    if (prepared.next !== null) event.next = prepared.next;
    const at = prepared.gatePassed === undefined ? {} : { gatePassed: prepared.gatePassed };
    const resumed = durable.snapshotOf(prepared.run, { next: prepared.next, ...at });
    await durable.write(
      prepared.run.history,
      [{ kind: "resume", data: event }],
      resumed,
      "running",
    );
  } catch (error) {
    await durable.close();
    throw error;
  }
  return { kind: "run", durable, prepared, resumed: true };
}

/** A run that stopped without a question (a crash, a cancel): on at the node it was at. */
function continued(task: RunnableTask, loaded: LoadedRun, snapshot: RunSnapshot): PreparedRun {
  const run = restoreRun(task, loaded, snapshot);
  const prepared: PreparedRun = { run, next: snapshot.next };
  if (snapshot.gatePassed !== undefined) prepared.gatePassed = snapshot.gatePassed;
  if (snapshot.next === null) prepared.stop = snapshot.stop ?? { kind: "end" };
  return prepared;
}

/** A pending response that is not stored yet: checked as `resume()` checks it, stored, resumed. */
async function importPending(
  task: RunnableTask,
  given: unknown,
  answer: UserResponse,
  options: DurableStart,
): Promise<OpenedRun> {
  const checked = checkResumable(task, given, answer);
  const { durability } = options;
  const { store, owner, leaseTtlMs } = durability;
  const pending = checked.pending!;
  const stored: StoredPending = {
    nodeName: pending.nodeName,
    interaction: pending.interaction,
    path: pending.path,
  };
  if (pending.child !== undefined) stored.childRunId = pending.child.runId;
  // As the run stored it when it paused; `resumeRun` applies the answer to these objects after.
  const snapshot: RunSnapshot = structuredClone({
    taskId: task.id,
    taskDescription: task.taskDescription,
    taskPath: [...durability.parentPath, task.taskName],
    taskInputs: checked.taskInputs,
    state: checked.state ?? {},
    interactions: checked.userInteractions,
    retries: {},
    usage: checked.usageMetrics,
    next: pending.nodeName,
    pending: stored,
    result: {
      status: checked.status,
      resultCode: checked.resultCode,
      resultDiagnostic: checked.resultDiagnostic,
      taskOutputs: checked.taskOutputs,
    },
  });
  const parentRunId = checked.parentRunId ?? options.parentRunId;
  const created = await store.createRun({
    runId: checked.runId,
    taskName: task.taskName,
    ...(parentRunId === undefined ? {} : { parentRunId }),
    status: "pending",
    snapshot: snapshot as unknown as JsonValue,
  });
  const lease = await store.acquireLease(checked.runId, owner, leaseTtlMs);
  const durable = new DurableRun({
    durability,
    task,
    runId: checked.runId,
    lease,
    version: created.version,
    stored: 0,
    snapshot,
  });
  const prepared = resumeRun(task, checked, answer, options.parentRunId);
  try {
    const event = { from: "response", answer: { ...answer } };
    const at = prepared.gatePassed === undefined ? {} : { gatePassed: prepared.gatePassed };
    const resumed = durable.snapshotOf(prepared.run, { next: prepared.next, ...at });
    await durable.write(
      prepared.run.history,
      [{ kind: "resume", data: event }],
      resumed,
      "running",
    );
  } catch (error) {
    await durable.close();
    throw error;
  }
  return { kind: "run", durable, prepared, resumed: true };
}

/** Whether a saved pending response stopped where the stored run stands (not resumed since). */
function sameStop(given: unknown, loaded: LoadedRun): boolean {
  const pending = (loaded.run.snapshot as unknown as RunSnapshot).pending;
  const saved = given as Partial<TaskResponse> | null;
  return (
    loaded.run.status === "pending" &&
    pending?.nodeName === saved?.pending?.nodeName &&
    Array.isArray(saved?.nodeReferences) &&
    nodesOf(loaded).length === saved.nodeReferences.length
  );
}

function notFound(task: RunnableTask, runId: string, cause?: unknown): AliceError {
  return new AliceError(
    "RUN_NOT_FOUND",
    `Cannot resume run "${runId}" of task "${task.taskName}": the store has no run with this id.`,
    cause === undefined ? {} : { cause },
  );
}
