import type { JsonValue } from "../../messages/json.ts";
import type { JournalEntry, RunEvent, StoredRun, StoredRunStatus } from "../run-store.ts";
import { toIso } from "../run-store-checks.ts";
import { fromJsonColumn, fromJsonValue } from "./json-column.ts";

/**
 * How rows cross the wire: times as epoch milliseconds (`timestamptz` both ways, exact), JSON as
 * text parsed here, so a pool with its own type parsers reads the same.
 */

/** A `timestamptz` from a `$n` parameter of epoch milliseconds. */
export function fromMs(parameter: string): string {
  return `(timestamptz 'epoch' + ${parameter}::float8 * interval '1 millisecond')`;
}

/** Epoch milliseconds of a `timestamptz` column. */
export function toMs(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::float8`;
}

/** The columns `runFromRow` reads, for a SELECT or RETURNING list. */
export const RUN_COLUMNS = `run_id, task_name, parent_run_id, thread_id, status, version, schema_version,
  ${toMs("created_at")} AS created_ms, ${toMs("updated_at")} AS updated_ms, snapshot::text AS snapshot`;

interface RunRow {
  run_id: string;
  task_name: string;
  parent_run_id: string | null;
  thread_id: string | null;
  status: string;
  version: number | string;
  schema_version: number | string;
  created_ms: number | string;
  updated_ms: number | string;
  snapshot: string;
}

/** A stored run from a row of `RUN_COLUMNS`. */
export function runFromRow(row: unknown): StoredRun {
  const r = row as RunRow;
  return {
    runId: r.run_id,
    taskName: r.task_name,
    ...(r.parent_run_id === null ? {} : { parentRunId: r.parent_run_id }),
    ...(r.thread_id === null ? {} : { threadId: r.thread_id }),
    status: r.status as StoredRunStatus,
    version: Number(r.version),
    schemaVersion: Number(r.schema_version),
    createdAt: toIso(Number(r.created_ms)),
    updatedAt: toIso(Number(r.updated_ms)),
    snapshot: fromJsonColumn(r.snapshot),
  };
}

/** The events of a run, from `json_agg` text of `{ seq, kind, data, at }` (`at` in ms). */
export function eventsFromText(text: string | null): RunEvent[] {
  if (text === null) return [];
  const rows = JSON.parse(text) as { seq: number; kind: string; data: JsonValue; at: number }[];
  return rows.map((row) => ({
    seq: row.seq,
    kind: row.kind,
    data: fromJsonValue(row.data),
    at: toIso(row.at),
  }));
}

interface JournalRow {
  kind: JournalEntry["kind"];
  state: JournalEntry["state"];
  value: string | null;
  updated_ms: number | string;
}

/** A journal entry from its row. */
export function journalFromRow(runId: string, key: string, row: unknown): JournalEntry {
  const r = row as JournalRow;
  return {
    runId,
    key,
    kind: r.kind,
    state: r.state,
    ...(r.value === null ? {} : { value: fromJsonColumn(r.value) }),
    updatedAt: toIso(Number(r.updated_ms)),
  };
}
