import type { SQLInputValue } from "node:sqlite";
import type { StoredRun, StoredRunStatus } from "./run-store.ts";
import { type NormalizedQuery, parseJson, toIso } from "./run-store-checks.ts";
import { int, optionalText, type Row, text } from "./sqlite-connection.ts";

/** The WHERE clause of `listRuns` for a query, and its parameters. */
export function whereClause(q: NormalizedQuery): { where: string; params: SQLInputValue[] } {
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  if (q.taskName !== undefined) {
    conditions.push("task_name = ?");
    params.push(q.taskName);
  }
  if (q.statuses !== undefined) {
    conditions.push(`status IN (${q.statuses.map(() => "?").join(", ")})`);
    params.push(...q.statuses);
  }
  if (q.threadId !== undefined) {
    conditions.push("thread_id = ?");
    params.push(q.threadId);
  }
  if (q.updatedAfter !== undefined) {
    conditions.push("updated_at >= ?");
    params.push(q.updatedAfter);
  }
  if (q.updatedBefore !== undefined) {
    conditions.push("updated_at < ?");
    params.push(q.updatedBefore);
  }
  return { where: conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`, params };
}

/** A row of `runs` as a `StoredRun`. */
export function toStoredRun(row: Row): StoredRun {
  const parentRunId = optionalText(row, "parent_run_id");
  const threadId = optionalText(row, "thread_id");
  return {
    runId: text(row, "run_id"),
    taskName: text(row, "task_name"),
    ...(parentRunId === undefined ? {} : { parentRunId }),
    ...(threadId === undefined ? {} : { threadId }),
    status: text(row, "status") as StoredRunStatus,
    version: int(row, "version"),
    schemaVersion: int(row, "schema_version"),
    createdAt: toIso(int(row, "created_at")),
    updatedAt: toIso(int(row, "updated_at")),
    snapshot: parseJson(text(row, "snapshot")),
  };
}
