import { OptionsError, RunConflictError } from "../errors/errors.ts";
import type { JsonValue } from "../messages/json.ts";
import {
  type JournalEntry,
  type NewRun,
  type PrunePolicy,
  RUN_SCHEMA_VERSION,
  type RunQuery,
  type RunWrite,
  type StoredRunStatus,
} from "./run-store.ts";
import { RunStoreError } from "./run-store-error.ts";

/**
 * What every adapter checks and says the same way: the arguments of each call (thrown as
 * `OptionsError`, `OPTIONS_INVALID`, before anything is read or written), and the refusals
 * (`RunConflictError`, `RunStoreError`) with one wording, so that a program sees one behaviour
 * whichever store it runs on.
 */

const STATUSES: readonly StoredRunStatus[] = [
  "running",
  "pending",
  "complete",
  "failed",
  "cancelled",
];

/** The statuses of a run that will not advance again; `pruneRuns` takes only these by default. */
export const FINISHED_STATUSES: readonly StoredRunStatus[] = ["complete", "failed", "cancelled"];

const DEFAULT_LIMIT = 100;

/** A query with its times as epoch ms and its defaults applied. */
export interface NormalizedQuery {
  taskName?: string;
  statuses?: readonly StoredRunStatus[];
  threadId?: string;
  /** Inclusive. */
  updatedAfter?: number;
  /** Exclusive. */
  updatedBefore?: number;
  limit: number;
}

/** A prune policy with its time as epoch ms. */
export interface NormalizedPrune {
  olderThan?: number;
  keepLast?: number;
  statuses: readonly StoredRunStatus[];
}

/** Rejects with the signal's reason when it has fired, and when the store is closed. */
export function checkCall(storeName: string, closed: boolean, signal?: AbortSignal): void {
  signal?.throwIfAborted();
  if (closed) {
    throw new RunStoreError("RUN_STORE_FAILED", `${storeName} is closed: open a new store.`);
  }
}

/** The JSON text of a value, or an `OptionsError` naming the call when it has none. */
export function jsonText(call: string, what: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new OptionsError(call, [`${what} is not JSON: ${(error as Error).message}`]);
  }
  if (text === undefined) throw new OptionsError(call, [`${what} is not JSON (${typeof value})`]);
  return text;
}

/** Parses JSON text the store wrote. */
export function parseJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

/** An ISO 8601 time from epoch ms. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

function nonEmpty(problems: string[], name: string, value: unknown): void {
  if (typeof value !== "string" || value === "") {
    problems.push(`${name} must be a non-empty string (got ${describe(value)})`);
  }
}

function optionalString(problems: string[], name: string, value: unknown): void {
  if (value !== undefined) nonEmpty(problems, name, value);
}

function status(problems: string[], name: string, value: unknown): void {
  if (!STATUSES.includes(value as StoredRunStatus)) {
    problems.push(`${name} must be one of ${STATUSES.join(", ")} (got ${describe(value)})`);
  }
}

function wholeNumber(problems: string[], name: string, value: unknown, min: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    problems.push(`${name} must be a whole number >= ${min} (got ${describe(value)})`);
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

function throwIf(call: string, problems: string[]): void {
  if (problems.length > 0) throw new OptionsError(call, problems);
}

/** Checks `createRun`'s argument; returns the snapshot's JSON text. */
export function checkNewRun(run: NewRun): string {
  const call = "RunStore.createRun()";
  const problems: string[] = [];
  nonEmpty(problems, "runId", run.runId);
  nonEmpty(problems, "taskName", run.taskName);
  optionalString(problems, "parentRunId", run.parentRunId);
  optionalString(problems, "threadId", run.threadId);
  status(problems, "status", run.status);
  throwIf(call, problems);
  return jsonText(call, "snapshot", run.snapshot);
}

/** Checks `appendRun`'s arguments; returns the JSON texts of the snapshot and of each event. */
export function checkWrite(
  runId: string,
  write: RunWrite,
): { snapshot: string; events: { kind: string; data: string }[] } {
  const call = "RunStore.appendRun()";
  const problems: string[] = [];
  nonEmpty(problems, "runId", runId);
  wholeNumber(problems, "expectedVersion", write.expectedVersion, 1);
  wholeNumber(problems, "fencingToken", write.fencingToken, 0);
  status(problems, "status", write.status);
  if (!Array.isArray(write.events)) problems.push("events must be an array");
  else {
    for (const [i, event] of write.events.entries()) {
      nonEmpty(problems, `events[${i}].kind`, event?.kind);
    }
  }
  throwIf(call, problems);
  return {
    snapshot: jsonText(call, "snapshot", write.snapshot),
    events: write.events.map((event, i) => ({
      kind: event.kind,
      data: jsonText(call, `events[${i}].data`, event.data),
    })),
  };
}

/** Checks `putJournal`'s arguments; returns the value's JSON text, or null without one. */
export function checkJournal(entry: JournalEntry, fencingToken: number): string | null {
  const call = "RunStore.putJournal()";
  const problems: string[] = [];
  nonEmpty(problems, "runId", entry.runId);
  nonEmpty(problems, "key", entry.key);
  if (entry.kind !== "model" && entry.kind !== "tool") {
    problems.push(`kind must be "model" or "tool" (got ${describe(entry.kind)})`);
  }
  if (!["started", "completed", "failed"].includes(entry.state)) {
    problems.push(
      `state must be "started", "completed" or "failed" (got ${describe(entry.state)})`,
    );
  }
  wholeNumber(problems, "fencingToken", fencingToken, 0);
  throwIf(call, problems);
  return entry.value === undefined ? null : jsonText(call, "value", entry.value);
}

/** Checks `acquireLease`'s arguments. */
export function checkLeaseRequest(runId: string, owner: string, ttlMs: number): void {
  const problems: string[] = [];
  nonEmpty(problems, "runId", runId);
  nonEmpty(problems, "owner", owner);
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    problems.push(`ttlMs must be a finite number of milliseconds > 0 (got ${describe(ttlMs)})`);
  }
  throwIf("RunStore.acquireLease()", problems);
}

function time(problems: string[], name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) problems.push(`${name} must be an ISO 8601 time (got ${describe(value)})`);
  return ms;
}

/** Checks a `listRuns` query and applies its defaults. */
export function normalizeQuery(query: RunQuery = {}): NormalizedQuery {
  const problems: string[] = [];
  optionalString(problems, "taskName", query.taskName);
  optionalString(problems, "threadId", query.threadId);
  const statuses =
    query.status === undefined
      ? undefined
      : typeof query.status === "string"
        ? [query.status]
        : [...query.status];
  for (const [i, s] of (statuses ?? []).entries()) status(problems, `status[${i}]`, s);
  const updatedAfter = time(problems, "updatedAfter", query.updatedAfter);
  const updatedBefore = time(problems, "updatedBefore", query.updatedBefore);
  const limit = query.limit ?? DEFAULT_LIMIT;
  wholeNumber(problems, "limit", limit, 0);
  throwIf("RunStore.listRuns()", problems);
  return {
    ...(query.taskName === undefined ? {} : { taskName: query.taskName }),
    ...(statuses === undefined ? {} : { statuses }),
    ...(query.threadId === undefined ? {} : { threadId: query.threadId }),
    ...(updatedAfter === undefined ? {} : { updatedAfter }),
    ...(updatedBefore === undefined ? {} : { updatedBefore }),
    limit,
  };
}

/** Checks a prune policy: `olderThan`, `keepLast` or both, so `{}` never deletes every run. */
export function normalizePrune(policy: PrunePolicy): NormalizedPrune {
  const problems: string[] = [];
  const olderThan = time(problems, "olderThan", policy.olderThan);
  if (policy.keepLast !== undefined) wholeNumber(problems, "keepLast", policy.keepLast, 0);
  if (policy.olderThan === undefined && policy.keepLast === undefined) {
    problems.push("give olderThan, keepLast or both: an empty policy would delete every run");
  }
  throwIf("RunStore.pruneRuns()", problems);
  return {
    ...(olderThan === undefined ? {} : { olderThan }),
    ...(policy.keepLast === undefined ? {} : { keepLast: policy.keepLast }),
    statuses: policy.includeUnfinished === true ? STATUSES : FINISHED_STATUSES,
  };
}

/** `RUN_CONFLICT`: `createRun` for a run that exists. */
export function runExists(runId: string): RunConflictError {
  return new RunConflictError(`Run "${runId}" already exists: nothing was written.`);
}

/** `RUN_NOT_FOUND` for a call that needs the run. */
export function runNotFound(runId: string, call: string): RunStoreError {
  return new RunStoreError("RUN_NOT_FOUND", `${call}: no stored run has runId "${runId}".`, {
    runId,
  });
}

/** Refuses a write whose fencing token is not the run's newest, or whose version is stale. */
export function checkWriteAllowed(
  runId: string,
  given: { fencingToken: number; expectedVersion?: number },
  stored: { newestToken: number; version: number },
): void {
  if (given.fencingToken !== stored.newestToken) {
    throw new RunConflictError(
      `Run "${runId}": fencing token ${given.fencingToken} is not the newest lease's (${stored.newestToken}); another owner took the run over. Nothing was written: stop advancing this run.`,
    );
  }
  if (given.expectedVersion !== undefined && given.expectedVersion !== stored.version) {
    throw new RunConflictError(
      `Run "${runId}" is at version ${stored.version}, not ${given.expectedVersion}: another writer changed it first. Nothing was written: load the run again.`,
    );
  }
}

/** `RUN_CONFLICT`: another owner's lease has not expired. */
export function leaseHeld(runId: string, owner: string, expiresAt: number): RunConflictError {
  return new RunConflictError(
    `Run "${runId}" is leased by "${owner}" until ${toIso(expiresAt)}: try again after, or leave the run to its owner.`,
  );
}

/** Refuses a stored run of a `schemaVersion` this version of alice-agents does not read. */
export function checkSchemaVersion(runId: string, schemaVersion: number): void {
  if (schemaVersion === RUN_SCHEMA_VERSION) return;
  throw new RunStoreError(
    "RUN_STORE_FAILED",
    `Run "${runId}" is stored with schemaVersion ${schemaVersion}, but this alice-agents reads only schemaVersion ${RUN_SCHEMA_VERSION}: ${
      schemaVersion > RUN_SCHEMA_VERSION
        ? "a newer alice-agents wrote it; upgrade to read it"
        : "it is from an older format"
    }, or delete the run (deleteRun still works).`,
    { runId },
  );
}
