import type { JsonValue } from "../messages/json.ts";

/**
 * Where runs live between processes: one small interface that every adapter (in memory, SQLite,
 * PostgreSQL) implements and passes the same conformance suite (test/stores/). Plain data in,
 * plain data out: every value is JSON. A run is stored as its events (one per completed node, and
 * the other things that happen to it) plus its latest snapshot, not a full snapshot per step, so
 * the bytes stored grow linearly with the steps.
 *
 * Concurrency: each run has a `version`; a write names the version it read, and a stale writer
 * gets a `RunConflictError` (code `RUN_CONFLICT`). Whoever advances a run holds its lease, and
 * every write carries the lease's fencing token: a write with an older token than the run's
 * newest lease is refused the same way, so a stalled owner's late write never lands.
 *
 * The rules every adapter follows (the conformance suite checks each one):
 * - A write (`appendRun`, `putJournal`) is fenced by equality: its token must be the run's newest
 *   lease's, expired or not (no one took the run over, so the write is safe; the version check
 *   still applies). A run that was never leased is written with token `0`; once anyone takes a
 *   lease, token `0` is refused. Tokens are unique in the store: a deleted and re-created run
 *   never gets one it had before.
 * - A call on a run that does not exist (`appendRun`, `putJournal`, `acquireLease`) throws a
 *   `RunStoreError` with code `RUN_NOT_FOUND`; `loadRun` and `getJournal` return undefined,
 *   `deleteRun` false, `releaseLease` does nothing.
 * - A stored run of an unknown `schemaVersion` is refused (`RunStoreError`, `RUN_STORE_FAILED`)
 *   by `loadRun`, `listRuns` and `appendRun`; `deleteRun` and `pruneRuns` still remove it.
 * - Invalid arguments (a value that is not JSON, an unknown status, `ttlMs <= 0`, an empty prune
 *   policy) throw an `OptionsError` (`OPTIONS_INVALID`) before anything is read or written.
 * - Every call rejects with `signal.reason` when its signal has fired, and writes nothing; a
 *   closed store rejects every call with `RUN_STORE_FAILED`. `close()` may be called twice.
 * - Values come back as JSON gives them (a copy; `undefined` properties left out).
 */
export interface RunStore {
  /** Stores a new run (version 1). Throws `RunConflictError` when `runId` exists. */
  createRun(run: NewRun, options?: StoreCallOptions): Promise<StoredRun>;
  /**
   * Appends events and replaces the snapshot (and status) in one transaction, when the run is
   * still at `expectedVersion` and `fencingToken` is its newest lease's. Returns the new version.
   */
  appendRun(runId: string, write: RunWrite, options?: StoreCallOptions): Promise<number>;
  /** The run and its events in order, or undefined. Throws for an unknown `schemaVersion`. */
  loadRun(runId: string, options?: StoreCallOptions): Promise<LoadedRun | undefined>;
  /** One journal entry of a run (a model answer, a tool call), or undefined. */
  getJournal(
    runId: string,
    key: string,
    options?: StoreCallOptions,
  ): Promise<JournalEntry | undefined>;
  /** Writes a journal entry (insert or update), fenced like `appendRun`. */
  putJournal(entry: JournalEntry, fencingToken: number, options?: StoreCallOptions): Promise<void>;
  /**
   * Takes the run's lease for `owner` for `ttlMs`: a new fencing token (greater than every
   * earlier one of the run). Throws `RunConflictError` while another owner holds an unexpired
   * lease. Taking it again as the same owner renews it with a new token.
   */
  acquireLease(
    runId: string,
    owner: string,
    ttlMs: number,
    options?: StoreCallOptions,
  ): Promise<Lease>;
  /**
   * Gives the lease up, so another owner may take it at once (no-op when it is no longer the
   * newest). Its token stays the newest until someone takes a lease.
   */
  releaseLease(lease: Lease, options?: StoreCallOptions): Promise<void>;
  /** Runs matching the query, most recently updated first (ties by `runId`, descending). */
  listRuns(query?: RunQuery, options?: StoreCallOptions): Promise<StoredRun[]>;
  /** Deletes a run with its events, journal and lease; false when there was none. */
  deleteRun(runId: string, options?: StoreCallOptions): Promise<boolean>;
  /**
   * Deletes runs by age and count, with their events, journal and lease; returns how many.
   * Among the runs of the statuses it prunes, the `keepLast` most recently updated are kept,
   * and of the others those not updated since `olderThan` are deleted (both given: both hold).
   */
  pruneRuns(policy: PrunePolicy, options?: StoreCallOptions): Promise<number>;
  /** Closes connections; the store is not used after. */
  close(): Promise<void>;
}

/** Options every adapter takes, besides its own. */
export interface RunStoreOptions {
  /**
   * The clock, in epoch ms: stamps `createdAt`, `updatedAt`, events and journal entries, and
   * decides when a lease has expired. Tests pass a fake one.
   * @default Date.now
   */
  now?: () => number;
}

/** The version of the stored snapshot and event formats; an adapter refuses any other. */
export const RUN_SCHEMA_VERSION = 1;

/** Where a stored run stands. */
export type StoredRunStatus = "running" | "pending" | "complete" | "failed" | "cancelled";

/** What `createRun` takes. */
export interface NewRun {
  runId: string;
  taskName: string;
  parentRunId?: string;
  /** The chat thread the run continues, if any. */
  threadId?: string;
  status: StoredRunStatus;
  snapshot: JsonValue;
}

/** A run as stored: its identity, status, version and latest snapshot. */
export interface StoredRun {
  runId: string;
  taskName: string;
  parentRunId?: string;
  threadId?: string;
  status: StoredRunStatus;
  /** Increments with every write; `appendRun` names the one it read. */
  version: number;
  schemaVersion: number;
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
  /** The run's latest state: small, without the history (the events hold it). */
  snapshot: JsonValue;
}

/** One thing that happened to a run, in order (`seq` from 1). */
export interface RunEvent {
  seq: number;
  /** E.g. `"node"` for a completed node (its NodeResponse as `data`), `"pause"`, `"resume"`. */
  kind: string;
  data: JsonValue;
  /** ISO 8601 time. */
  at: string;
}

/** What `appendRun` writes. */
export interface RunWrite {
  expectedVersion: number;
  fencingToken: number;
  /** New events, without `seq` and `at` (the store numbers and stamps them). */
  events: readonly { kind: string; data: JsonValue }[];
  snapshot: JsonValue;
  status: StoredRunStatus;
}

/** A run with its events. */
export interface LoadedRun {
  run: StoredRun;
  events: RunEvent[];
}

/**
 * A journal entry: a model answer or a tool call of a run, by a key the caller builds
 * (run, task path, node, attempt, tool-call id). `started` is written before a side effect,
 * `completed` or `failed` after it, with its result.
 */
export interface JournalEntry {
  runId: string;
  key: string;
  kind: "model" | "tool";
  state: "started" | "completed" | "failed";
  value?: JsonValue;
  /** ISO 8601 time (set by the store). */
  updatedAt?: string;
}

/** The right to advance a run until `expiresAt` (epoch ms), proven by `token` on every write. */
export interface Lease {
  runId: string;
  owner: string;
  token: number;
  expiresAt: number;
}

/** Which runs `listRuns` returns. */
export interface RunQuery {
  taskName?: string;
  status?: StoredRunStatus | readonly StoredRunStatus[];
  threadId?: string;
  /** Updated at or after `updatedAfter` and before `updatedBefore` (ISO 8601 times). */
  updatedAfter?: string;
  updatedBefore?: string;
  /** @default 100 */
  limit?: number;
}

/**
 * What `pruneRuns` deletes: runs not updated since `olderThan`, beyond the newest `keepLast`.
 * At least one of the two is required, so that `{}` never deletes every run by mistake.
 */
export interface PrunePolicy {
  /** ISO 8601 time, or a `Date`: runs updated before it may be deleted. */
  olderThan?: string | Date;
  /** How many of the most recently updated runs (of the statuses pruned) are always kept. */
  keepLast?: number;
  /** Only finished runs (complete, failed, cancelled) are pruned unless this is true. @default false */
  includeUnfinished?: boolean;
}

/** Options of every store call. */
export interface StoreCallOptions {
  signal?: AbortSignal;
}
