import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { AliceError } from "../errors/alice-error.ts";
import { describeThrown } from "../errors/describe-thrown.ts";
import { RunConflictError } from "../errors/errors.ts";
import type { JsonValue } from "../messages/json.ts";
import type { Lease, RunStore, RunWrite, StoredRunStatus } from "../stores/run-store.ts";
import {
  type EffectQuestion,
  ExecutionJournal,
  executionPrefix,
  type JournalRecord,
  type JournalTarget,
  type NodeJournal,
} from "./node-journal.ts";
import type { RunOutcome } from "./run-outcome.ts";
import {
  type RunSnapshot,
  type SnapshotSource,
  type StoredPending,
  type StoredResult,
  snapshotOf,
} from "./run-snapshot.ts";
import type { RunState } from "./run-state.ts";
import type { RunThread } from "./runnable-task.ts";
import type { NodeResponse, TaskError, TaskResponse } from "./types.ts";

/** How a run is stored: the store, who holds its lease, and where it sits under its parents. */
export interface Durability {
  readonly store: RunStore;
  /** The lease owner of this run and of its sub-task runs: one per `run()`/`resume()` call. */
  readonly owner: string;
  readonly leaseTtlMs: number;
  /** Task names from the root run down to this run's parent (empty for a root run). */
  readonly parentPath: readonly string[];
  /** A sub-task run: a stored run under its id is continued, not refused. */
  readonly child: boolean;
  /**
   * Shared by a root run and its sub-task runs: once the root run stops in this process (also
   * when its consumer stops reading it), none of them renews its lease or writes again.
   */
  readonly session: { closed: boolean };
}

/** The lease's default time to live: a process that died holds its runs this long. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

/** The durability of a root run: a new lease owner for this call. */
export function rootDurability(store: RunStore, leaseTtlMs = DEFAULT_LEASE_TTL_MS): Durability {
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  return { store, owner, leaseTtlMs, parentPath: [], child: false, session: { closed: false } };
}

/**
 * One run's side of the store, from the lease taken at start or resume to its release: every
 * write carries the lease's fencing token and the version last read, and goes through one queue
 * (node commits, journal entries, lease renewals), so a renewal never overtakes a write. The
 * lease is renewed every third of its time to live while the run is alive; once it is lost
 * (another process took the run over), every later write throws.
 */
export class DurableRun implements JournalTarget {
  readonly runId: string;
  readonly taskPath: readonly string[];
  readonly durability: Durability;
  /** The chat thread of the run (its stored `threadId`), if any. */
  readonly thread: RunThread | undefined;
  readonly #task: SnapshotSource;
  #lease: Lease;
  #version: number;
  /** History entries already stored as "node" events. */
  #stored: number;
  #snapshot: RunSnapshot;
  #queue: Promise<unknown> = Promise.resolve();
  #lost: unknown;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  readonly #releaseThread: (() => void) | undefined;

  constructor(init: {
    durability: Durability;
    task: SnapshotSource;
    runId: string;
    lease: Lease;
    version: number;
    stored: number;
    snapshot: RunSnapshot;
    /**
     * The stored run's `threadId`, the window the call driving the run was given, and what
     * gives up the run's hold on its thread in this process, called on close.
     */
    thread?: {
      threadId: string | undefined;
      historyWindow: number | undefined;
      release?: (() => void) | undefined;
    };
  }) {
    this.durability = init.durability;
    this.#releaseThread = init.thread?.release;
    const threadId = init.thread?.threadId;
    this.thread =
      threadId === undefined
        ? undefined
        : { threadId, store: init.durability.store, historyWindow: init.thread?.historyWindow };
    this.#task = init.task;
    this.runId = init.runId;
    this.taskPath = init.snapshot.taskPath;
    this.#lease = init.lease;
    this.#version = init.version;
    this.#stored = init.stored;
    this.#snapshot = init.snapshot;
    const every = Math.max(1, Math.floor(this.durability.leaseTtlMs / 3));
    this.#heartbeat = setInterval(() => void this.#renew(), every);
    this.#heartbeat.unref?.();
  }

  /** The snapshot as last written. */
  get snapshot(): RunSnapshot {
    return this.#snapshot;
  }

  /** The run's state as a snapshot, with where it continues. */
  snapshotOf(run: RunState, at: Pick<RunSnapshot, "next" | "gatePassed" | "stop">): RunSnapshot {
    return snapshotOf(this.#task, this.taskPath, run, at);
  }

  /**
   * Stores the nodes recorded since the last write and where the run goes next, before the next
   * node starts. Returns the veto when the store refuses (a lost lease: `RUN_CONFLICT`).
   */
  async commitNode(
    run: RunState,
    next: string | null,
    stop: RunOutcome | undefined,
  ): Promise<RunOutcome | undefined> {
    const at: Pick<RunSnapshot, "next" | "stop"> = { next };
    if (stop?.kind === "fail" || stop?.kind === "cancel")
      at.stop = { kind: stop.kind, error: stop.error };
    try {
      await this.write(run.history, [], this.snapshotOf(run, at), "running");
      return undefined;
    } catch (error) {
      return storeVeto(run.history.at(-1)?.nodeName, error);
    }
  }

  /**
   * Writes `events` after the history's unstored nodes, with the snapshot and status, fenced:
   * throws what the store throws (a `RunConflictError` once the lease is lost).
   */
  write(
    history: readonly NodeResponse[],
    events: readonly { kind: string; data: JsonValue }[],
    snapshot: RunSnapshot,
    status: StoredRunStatus,
  ): Promise<void> {
    return this.#enqueue(async (lease) => {
      const nodes = history
        .slice(this.#stored)
        .map((node) => ({ kind: "node", data: node as unknown as JsonValue }));
      const write: RunWrite = {
        expectedVersion: this.#version,
        fencingToken: lease.token,
        events: [...nodes, ...events],
        snapshot: snapshot as unknown as JsonValue,
        status,
      };
      this.#version = await this.durability.store.appendRun(this.runId, write);
      this.#stored = history.length;
      this.#snapshot = snapshot;
    });
  }

  /**
   * Stores how the run stopped: paused (the question, and a paused sub-task by its run id),
   * cancelled (where it continues: the node it was at), or ended. Returns the response, made
   * `failed` when the store refused (the run is no longer this process's).
   */
  async finish(run: RunState, outcome: RunOutcome, response: TaskResponse): Promise<TaskResponse> {
    const last = this.#snapshot;
    const result: StoredResult = {
      status: response.status,
      resultCode: response.resultCode,
      resultDiagnostic: response.resultDiagnostic,
      taskOutputs: response.taskOutputs,
    };
    if (response.error !== undefined) result.error = response.error;
    if (response.structuredOutput !== undefined)
      result.structuredOutput = response.structuredOutput;
    const snapshot = this.snapshotOf(run, { next: last.next });
    snapshot.result = result;
    // A paused or cancelled run continues at the node it was at: nodes recorded since the last
    // commit (a node whose sub-task was cancelled) run again, so they are not stored.
    const continues = outcome.kind === "pending" || outcome.kind === "cancel";
    const history = continues ? run.history.slice(0, this.#stored) : run.history;
    const events: { kind: string; data: JsonValue }[] = [];
    if (outcome.kind === "pending") {
      const { nodeName, interaction, path, child } = outcome.pending;
      const pending: StoredPending = { nodeName, interaction, path };
      if (child !== undefined) pending.childRunId = child.runId;
      if (outcome.effectKey !== undefined) pending.effectKey = outcome.effectKey;
      snapshot.pending = pending;
      snapshot.next = nodeName;
      events.push({ kind: "pause", data: pending as unknown as JsonValue });
    } else {
      const end: Record<string, JsonValue> = { status: response.status };
      if (response.error !== undefined) end.error = response.error as unknown as JsonValue;
      events.push({ kind: "end", data: end });
    }
    try {
      await this.write(history, events, snapshot, response.status);
      return response;
    } catch (error) {
      const veto = storeVeto(undefined, error);
      const message = `${veto.error.message} The run's ${response.status} outcome was not stored.`;
      if (response.status === "failed")
        return { ...response, resultDiagnostic: `${response.resultDiagnostic}\n${message}` };
      return {
        ...response,
        status: "failed",
        resultCode: 1,
        resultDiagnostic: message,
        error: { code: veto.error.code, message, path: [response.taskName] },
      };
    }
  }

  /**
   * Stops renewing the lease and gives it up, once every write has landed; later writes throw.
   * A root run's close also stops its sub-task runs still in flight (a consumer that stopped
   * reading): they renew nothing more, so their leases expire as a dead process's would.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#releaseThread?.();
    if (!this.durability.child) this.durability.session.closed = true;
    clearInterval(this.#heartbeat);
    await this.#queue.catch(() => {});
    if (this.#lost !== undefined) return;
    await this.durability.store.releaseLease(this.#lease).catch(() => {});
  }

  /** The journal of one node execution; `ask` receives an effect question. */
  journal(
    nodeName: string,
    executionOrder: number,
    attempt: number,
    ask: (question: EffectQuestion) => void,
  ): NodeJournal {
    const prefix = executionPrefix(this.taskPath, executionOrder, nodeName, attempt);
    return new ExecutionJournal(this, prefix, ask);
  }

  async readJournal(key: string): Promise<JournalRecord | undefined> {
    const entry = await this.durability.store.getJournal(this.runId, key);
    if (entry === undefined) return undefined;
    return entry.value === undefined
      ? { state: entry.state }
      : { state: entry.state, value: entry.value };
  }

  writeJournal(key: string, kind: "model" | "tool", record: JournalRecord): Promise<void> {
    return this.#enqueue((lease) =>
      this.durability.store.putJournal({ runId: this.runId, key, kind, ...record }, lease.token),
    );
  }

  /**
   * Where a sub-task run started by a node is stored: an id made from this run's, the node's
   * position and `key` (the same when the node runs again), under this run's task path.
   */
  childRun(
    executionOrder: number,
    nodeName: string,
    key: string,
  ): { runId: string; durability: Durability } {
    return {
      runId: `${this.runId}/${executionOrder}.${nodeName}/${key}`,
      durability: { ...this.durability, parentPath: this.taskPath, child: true },
    };
  }

  #enqueue<T>(operation: (lease: Lease) => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#lost !== undefined) throw this.#lost;
      if (this.#closed || this.durability.session.closed) {
        throw new RunConflictError(
          `Run "${this.runId}" was stopped in this process: its later writes are refused.`,
        );
      }
      return operation(this.#lease);
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async #renew(): Promise<void> {
    if (this.durability.session.closed) clearInterval(this.#heartbeat);
    if (this.#closed || this.#lost !== undefined || this.durability.session.closed) return;
    const { store, owner, leaseTtlMs } = this.durability;
    await this.#enqueue(async () => {
      try {
        this.#lease = await store.acquireLease(this.runId, owner, leaseTtlMs);
      } catch (error) {
        this.#lost = error;
      }
    }).catch(() => {});
  }
}

/** A store failure as the run's end: the store's code (`RUN_CONFLICT`), else `RUN_STORE_FAILED`. */
function storeVeto(
  nodeName: string | undefined,
  error: unknown,
): { kind: "fail"; error: TaskError } {
  const code = AliceError.isInstance(error) ? error.code : "RUN_STORE_FAILED";
  const after = nodeName === undefined ? "" : ` after node "${nodeName}"`;
  const taskError: TaskError = {
    code,
    message: `The run's store refused a write${after}: ${describeThrown(error)}`,
  };
  if (nodeName !== undefined) taskError.nodeName = nodeName;
  return { kind: "fail", error: taskError };
}
