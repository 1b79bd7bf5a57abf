import type { DatabaseSync } from "node:sqlite";
import { RunStoreError } from "./run-store-error.ts";
import { int, transaction } from "./sqlite-connection.ts";

/**
 * The tables of the SQLite run store and their migrations. The layout's version is the file's
 * `user_version`; `application_id` marks the file as an alice-agents run store. Migrating takes
 * the write lock first (BEGIN IMMEDIATE) and reads the version under it, so two processes opening
 * a new file at once are safe: one migrates, the other finds the work done.
 */

/** "alic": marks a SQLite file as an alice-agents run store (PRAGMA application_id). */
export const SQLITE_APPLICATION_ID = 0x616c6963;

/**
 * Migrations, in order: `MIGRATIONS[i]` takes the layout from version i to i + 1. Never edit one
 * that has shipped; add the next.
 *
 * Times are epoch ms. A run's events are rows of their own (one per completed node), and the run
 * row keeps only the latest snapshot, so the bytes stored grow linearly with the steps. Lease
 * tokens come from one store-wide counter, so a re-created run never gets an old token.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    run_id TEXT PRIMARY KEY NOT NULL,
    task_name TEXT NOT NULL,
    parent_run_id TEXT,
    thread_id TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    schema_version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    snapshot TEXT NOT NULL
  );
  CREATE INDEX runs_by_updated ON runs (updated_at, run_id);
  CREATE INDEX runs_by_task ON runs (task_name, updated_at);
  CREATE INDEX runs_by_thread ON runs (thread_id, updated_at) WHERE thread_id IS NOT NULL;
  CREATE INDEX runs_by_status ON runs (status, updated_at);
  CREATE TABLE run_events (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  );
  CREATE TABLE run_journal (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    value TEXT,
    PRIMARY KEY (run_id, key)
  );
  CREATE TABLE run_leases (
    run_id TEXT PRIMARY KEY NOT NULL,
    owner TEXT,
    token INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE store_counters (
    name TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
  );
  INSERT INTO store_counters (name, value) VALUES ('lease_token', 0);
  `,
];

/** The layout version this code writes and reads. */
export const SQLITE_LAYOUT_VERSION = MIGRATIONS.length;

function pragma(db: DatabaseSync, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get();
  if (row === undefined) return 0;
  return int(row, name);
}

/**
 * Brings the database to `SQLITE_LAYOUT_VERSION` in one transaction (all of it or none). Refuses
 * a file of another application, and one a newer alice-agents laid out. Throws SQLITE_BUSY
 * unchanged, for the caller to wait and try again.
 */
export function migrate(db: DatabaseSync, where: string): void {
  transaction(db, "IMMEDIATE", () => {
    const applicationId = pragma(db, "application_id");
    const version = pragma(db, "user_version");
    if (applicationId !== SQLITE_APPLICATION_ID && (applicationId !== 0 || version !== 0)) {
      throw new RunStoreError(
        "RUN_STORE_FAILED",
        `${where} is not an alice-agents run store (application_id ${applicationId}, user_version ${version}): give the store a file of its own.`,
      );
    }
    if (version > SQLITE_LAYOUT_VERSION) {
      throw new RunStoreError(
        "RUN_STORE_FAILED",
        `${where} was laid out by a newer alice-agents (layout ${version}; this one knows up to ${SQLITE_LAYOUT_VERSION}): upgrade alice-agents to open it.`,
      );
    }
    for (let next = version; next < SQLITE_LAYOUT_VERSION; next++) db.exec(MIGRATIONS[next]!);
    if (version < SQLITE_LAYOUT_VERSION) {
      db.exec(`PRAGMA application_id = ${SQLITE_APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${SQLITE_LAYOUT_VERSION}`);
    }
  });
}
