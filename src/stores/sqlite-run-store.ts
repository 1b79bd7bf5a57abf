import type { DatabaseSync, StatementSync } from "node:sqlite";
import { OptionsError } from "../errors/errors.ts";
import {
  type JournalEntry,
  type Lease,
  type LoadedRun,
  type NewRun,
  type PrunePolicy,
  RUN_SCHEMA_VERSION,
  type RunQuery,
  type RunStore,
  type RunStoreOptions,
  type RunWrite,
  type StoreCallOptions,
  type StoredRun,
} from "./run-store.ts";
import {
  checkCall,
  checkJournal,
  checkLeaseRequest,
  checkNewRun,
  checkSchemaVersion,
  checkWrite,
  checkWriteAllowed,
  leaseHeld,
  normalizePrune,
  normalizeQuery,
  parseJson,
  runExists,
  runNotFound,
  toIso,
} from "./run-store-checks.ts";
import { RunStoreError } from "./run-store-error.ts";
import { int, optionalText, text, transaction, withBusyRetry } from "./sqlite-connection.ts";
import { openSqliteDatabase } from "./sqlite-open.ts";
import { toStoredRun, whereClause } from "./sqlite-rows.ts";

/** Options of `openSqliteRunStore`. */
export interface SqliteRunStoreOptions extends RunStoreOptions {
  /**
   * The database file, created with its parent folders when missing; `":memory:"` for a store
   * that lives as long as the object.
   * @default ".alice/runs.db"
   */
  path?: string;
  /**
   * How long a call waits for a lock another connection (process) holds before it fails with
   * `RUN_STORE_FAILED`. SQLite's own handler waits the first 20 ms; the rest is waited
   * asynchronously, so the event loop never stalls and the call's signal stops the wait.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /** Stops opening (waiting for a lock to migrate). */
  signal?: AbortSignal;
}

const DATABASES = new WeakMap<SqliteRunStore, DatabaseSync>();

/**
 * Opens (and creates or migrates) a SQLite run store on Node's built-in `node:sqlite`: WAL
 * journal, `synchronous=FULL` (a returned write survives a power cut), versioned migrations that
 * two processes may run at once. `node:sqlite` is loaded here, not when alice-agents is imported.
 */
export async function openSqliteRunStore(
  options: SqliteRunStoreOptions = {},
): Promise<SqliteRunStore> {
  const { path = ".alice/runs.db", busyTimeoutMs = 5_000, now = Date.now, signal } = options;
  if (!Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new OptionsError("openSqliteRunStore()", [
      `busyTimeoutMs must be a number of milliseconds >= 0 (got ${busyTimeoutMs})`,
    ]);
  }
  const { db, where } = await openSqliteDatabase(path, busyTimeoutMs, signal);
  return new SqliteRunStore(db, { where, busyTimeoutMs, now });
}

/**
 * A `RunStore` in a SQLite file (or `:memory:`): open one with `openSqliteRunStore`. Every write
 * is one transaction that takes the write lock first, checks the version and fencing token,
 * and writes the events and the run together.
 */
export class SqliteRunStore implements RunStore {
  readonly #db: DatabaseSync;
  readonly #where: string;
  readonly #busyTimeoutMs: number;
  readonly #now: () => number;
  readonly #statements = new Map<string, StatementSync>();
  #closed = false;

  /** Use `openSqliteRunStore`, which opens and migrates the database this takes. */
  constructor(
    db: DatabaseSync,
    options: { where: string; busyTimeoutMs: number; now: () => number },
  ) {
    this.#db = db;
    this.#where = options.where;
    this.#busyTimeoutMs = options.busyTimeoutMs;
    this.#now = options.now;
    DATABASES.set(this, db);
  }

  async createRun(run: NewRun, options?: StoreCallOptions): Promise<StoredRun> {
    this.#check(options);
    const snapshot = checkNewRun(run);
    return this.#run("createRun", options, () => {
      const now = this.#now();
      const inserted = this.#sql(
        `INSERT INTO runs (run_id, task_name, parent_run_id, thread_id, status, version,
           schema_version, created_at, updated_at, snapshot)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING`,
      ).run(
        run.runId,
        run.taskName,
        run.parentRunId ?? null,
        run.threadId ?? null,
        run.status,
        RUN_SCHEMA_VERSION,
        now,
        now,
        snapshot,
      );
      if (inserted.changes === 0) throw runExists(run.runId);
      return toStoredRun({
        run_id: run.runId,
        task_name: run.taskName,
        parent_run_id: run.parentRunId ?? null,
        thread_id: run.threadId ?? null,
        status: run.status,
        version: 1,
        schema_version: RUN_SCHEMA_VERSION,
        created_at: now,
        updated_at: now,
        snapshot,
      });
    });
  }

  async appendRun(runId: string, write: RunWrite, options?: StoreCallOptions): Promise<number> {
    this.#check(options);
    const texts = checkWrite(runId, write);
    return this.#run("appendRun", options, () =>
      transaction(this.#db, "IMMEDIATE", () => {
        const run = this.#sql(
          "SELECT version, schema_version, last_seq FROM runs WHERE run_id = ?",
        ).get(runId);
        if (run === undefined) throw runNotFound(runId, "RunStore.appendRun()");
        checkSchemaVersion(runId, int(run, "schema_version"));
        checkWriteAllowed(runId, write, {
          newestToken: this.#newestToken(runId),
          version: int(run, "version"),
        });
        const now = this.#now();
        let seq = int(run, "last_seq");
        const insert = this.#sql(
          "INSERT INTO run_events (run_id, seq, kind, at, data) VALUES (?, ?, ?, ?, ?)",
        );
        for (const event of texts.events) insert.run(runId, ++seq, event.kind, now, event.data);
        const version = int(run, "version") + 1;
        this.#sql(
          `UPDATE runs SET version = ?, status = ?, updated_at = ?, last_seq = ?, snapshot = ?
           WHERE run_id = ?`,
        ).run(version, write.status, now, seq, texts.snapshot, runId);
        return version;
      }),
    );
  }

  async loadRun(runId: string, options?: StoreCallOptions): Promise<LoadedRun | undefined> {
    this.#check(options);
    return this.#run("loadRun", options, () =>
      transaction(this.#db, "DEFERRED", () => {
        const run = this.#sql("SELECT * FROM runs WHERE run_id = ?").get(runId);
        if (run === undefined) return undefined;
        checkSchemaVersion(runId, int(run, "schema_version"));
        const events = this.#sql(
          "SELECT seq, kind, at, data FROM run_events WHERE run_id = ? ORDER BY seq",
        )
          .all(runId)
          .map((row) => ({
            seq: int(row, "seq"),
            kind: text(row, "kind"),
            data: parseJson(text(row, "data")),
            at: toIso(int(row, "at")),
          }));
        return { run: toStoredRun(run), events };
      }),
    );
  }

  async getJournal(
    runId: string,
    key: string,
    options?: StoreCallOptions,
  ): Promise<JournalEntry | undefined> {
    this.#check(options);
    return this.#run("getJournal", options, () => {
      const row = this.#sql(
        "SELECT kind, state, updated_at, value FROM run_journal WHERE run_id = ? AND key = ?",
      ).get(runId, key);
      if (row === undefined) return undefined;
      const value = optionalText(row, "value");
      return {
        runId,
        key,
        kind: text(row, "kind") as JournalEntry["kind"],
        state: text(row, "state") as JournalEntry["state"],
        ...(value === undefined ? {} : { value: parseJson(value) }),
        updatedAt: toIso(int(row, "updated_at")),
      };
    });
  }

  async putJournal(
    entry: JournalEntry,
    fencingToken: number,
    options?: StoreCallOptions,
  ): Promise<void> {
    this.#check(options);
    const value = checkJournal(entry, fencingToken);
    await this.#run("putJournal", options, () =>
      transaction(this.#db, "IMMEDIATE", () => {
        const run = this.#sql("SELECT version FROM runs WHERE run_id = ?").get(entry.runId);
        if (run === undefined) throw runNotFound(entry.runId, "RunStore.putJournal()");
        checkWriteAllowed(
          entry.runId,
          { fencingToken },
          { newestToken: this.#newestToken(entry.runId), version: int(run, "version") },
        );
        this.#sql(
          `INSERT INTO run_journal (run_id, key, kind, state, updated_at, value)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, key) DO UPDATE SET kind = excluded.kind, state = excluded.state,
             updated_at = excluded.updated_at, value = excluded.value`,
        ).run(entry.runId, entry.key, entry.kind, entry.state, this.#now(), value);
      }),
    );
  }

  async acquireLease(
    runId: string,
    owner: string,
    ttlMs: number,
    options?: StoreCallOptions,
  ): Promise<Lease> {
    this.#check(options);
    checkLeaseRequest(runId, owner, ttlMs);
    return this.#run("acquireLease", options, () =>
      transaction(this.#db, "IMMEDIATE", () => {
        if (this.#sql("SELECT 1 AS found FROM runs WHERE run_id = ?").get(runId) === undefined) {
          throw runNotFound(runId, "RunStore.acquireLease()");
        }
        const now = this.#now();
        const held = this.#sql("SELECT owner, expires_at FROM run_leases WHERE run_id = ?").get(
          runId,
        );
        const holder = held === undefined ? undefined : optionalText(held, "owner");
        if (held !== undefined && holder !== undefined && holder !== owner) {
          const expiresAt = int(held, "expires_at");
          if (expiresAt > now) throw leaseHeld(runId, holder, expiresAt);
        }
        const counter = this.#sql(
          "UPDATE store_counters SET value = value + 1 WHERE name = 'lease_token' RETURNING value",
        ).get();
        if (counter === undefined) {
          throw new RunStoreError(
            "RUN_STORE_FAILED",
            `${this.#where}: the lease counter is missing.`,
          );
        }
        const lease: Lease = { runId, owner, token: int(counter, "value"), expiresAt: now + ttlMs };
        this.#sql(
          `INSERT INTO run_leases (run_id, owner, token, expires_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, token = excluded.token,
             expires_at = excluded.expires_at`,
        ).run(runId, owner, lease.token, lease.expiresAt);
        return lease;
      }),
    );
  }

  async releaseLease(lease: Lease, options?: StoreCallOptions): Promise<void> {
    this.#check(options);
    await this.#run("releaseLease", options, () => {
      this.#sql(
        "UPDATE run_leases SET owner = NULL, expires_at = 0 WHERE run_id = ? AND token = ?",
      ).run(lease.runId, lease.token);
    });
  }

  async listRuns(query?: RunQuery, options?: StoreCallOptions): Promise<StoredRun[]> {
    this.#check(options);
    const q = normalizeQuery(query);
    if (q.statuses?.length === 0 || q.limit === 0) return [];
    const { where, params } = whereClause(q);
    return this.#run("listRuns", options, () =>
      this.#sql(`SELECT * FROM runs ${where} ORDER BY updated_at DESC, run_id DESC LIMIT ?`)
        .all(...params, q.limit)
        .map((row) => {
          checkSchemaVersion(text(row, "run_id"), int(row, "schema_version"));
          return toStoredRun(row);
        }),
    );
  }

  async deleteRun(runId: string, options?: StoreCallOptions): Promise<boolean> {
    this.#check(options);
    return this.#run("deleteRun", options, () =>
      transaction(this.#db, "IMMEDIATE", () => this.#delete(runId)),
    );
  }

  async pruneRuns(policy: PrunePolicy, options?: StoreCallOptions): Promise<number> {
    this.#check(options);
    const p = normalizePrune(policy);
    const statuses = p.statuses.map(() => "?").join(", ");
    return this.#run("pruneRuns", options, () =>
      transaction(this.#db, "IMMEDIATE", () => {
        // keepLast counts among the statuses pruned, whatever their age; then the age applies.
        const doomed = this.#sql(
          `SELECT run_id FROM (
             SELECT run_id, updated_at FROM runs WHERE status IN (${statuses})
             ORDER BY updated_at DESC, run_id DESC LIMIT -1 OFFSET ?
           ) WHERE updated_at < ?`,
        ).all(...p.statuses, p.keepLast ?? 0, p.olderThan ?? Number.MAX_SAFE_INTEGER);
        for (const row of doomed) this.#delete(text(row, "run_id"));
        return doomed.length;
      }),
    );
  }

  /**
   * A diagnostic: the bytes the database uses, page size × (pages − free pages), indexes and
   * SQLite's own overhead included (the WAL's pages count once they are part of the database).
   */
  async storedBytes(options?: StoreCallOptions): Promise<number> {
    this.#check(options);
    return this.#run("storedBytes", options, () => {
      const read = (name: string): number => int(this.#sql(`PRAGMA ${name}`).get() ?? {}, name);
      return read("page_size") * (read("page_count") - read("freelist_count"));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #check(options: StoreCallOptions | undefined): void {
    checkCall(this.#where, this.#closed, options?.signal);
  }

  #run<T>(what: string, options: StoreCallOptions | undefined, operation: () => T): Promise<T> {
    return withBusyRetry(
      what,
      {
        where: this.#where,
        busyTimeoutMs: this.#busyTimeoutMs,
        signal: options?.signal,
        checkOpen: () => checkCall(this.#where, this.#closed),
      },
      operation,
    );
  }

  /** A prepared statement, made once per SQL text. */
  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      // listRuns makes one text per combination of filters: a bounded, small set.
      if (this.#statements.size < 256) this.#statements.set(sql, statement);
    }
    return statement;
  }

  #newestToken(runId: string): number {
    const lease = this.#sql("SELECT token FROM run_leases WHERE run_id = ?").get(runId);
    return lease === undefined ? 0 : int(lease, "token");
  }

  #delete(runId: string): boolean {
    for (const table of ["run_events", "run_journal", "run_leases"]) {
      this.#sql(`DELETE FROM ${table} WHERE run_id = ?`).run(runId);
    }
    return this.#sql("DELETE FROM runs WHERE run_id = ?").run(runId).changes > 0;
  }
}

/** For tests only (not exported by the package): the store's connection, to inspect or corrupt. */
export function sqliteDatabaseOf(store: SqliteRunStore): DatabaseSync {
  const db = DATABASES.get(store);
  if (db === undefined) throw new Error("not a SqliteRunStore");
  return db;
}
