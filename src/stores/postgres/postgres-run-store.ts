import {
  type JournalEntry,
  type Lease,
  type LoadedRun,
  type NewRun,
  type PrunePolicy,
  RUN_SCHEMA_VERSION,
  type RunQuery,
  type RunStore,
  type RunWrite,
  type StoreCallOptions,
  type StoredRun,
} from "../run-store.ts";
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
  runExists,
  runNotFound,
} from "../run-store-checks.ts";
import { toJsonColumn } from "./json-column.ts";
import {
  type PostgresClient,
  type PostgresEndpoint,
  type PostgresPool,
  untilAborted,
  withClient,
} from "./postgres-connection.ts";
import { type MigrationReport, migrate } from "./postgres-migrations.ts";
import {
  eventsFromText,
  fromMs,
  journalFromRow,
  RUN_COLUMNS,
  runFromRow,
  toMs,
} from "./postgres-rows.ts";
import type { PostgresTables } from "./postgres-tables.ts";

const STORE = "The PostgreSQL run store";

/** A run store on PostgreSQL; `migrate()` brings its tables up to date (every call does it first). */
export interface PostgresRunStore extends RunStore {
  /**
   * Creates or upgrades the store's schema and tables, once per store (later calls return the
   * first call's report). Safe when many processes start at once: one applies the migrations,
   * the others wait for it and apply none.
   */
  migrate(options?: StoreCallOptions): Promise<MigrationReport>;
}

/** What the store class needs, made and checked by `createPostgresRunStore`. */
export interface PostgresStoreSetup {
  pool: PostgresPool;
  /** What `close()` does: ends a pool the store made, nothing for a pool it was given. */
  closePool: () => Promise<void>;
  tables: PostgresTables;
  endpoint: PostgresEndpoint;
  now: () => number;
}

/**
 * The PostgreSQL adapter of `RunStore`. Every write is one transaction that locks the run's
 * row (`SELECT … FOR UPDATE`) and checks its version and fencing token there, so of two
 * concurrent writers with the same expected version exactly one lands. The run's row holds its
 * newest fencing token, drawn from one sequence for the whole store (so a token is never given
 * twice, even to a re-created run); times are the app's clock (`now`), as in the other adapters.
 */
export class PostgresRunStoreImpl implements PostgresRunStore {
  readonly #setup: PostgresStoreSetup;
  #migrated: Promise<MigrationReport> | undefined;
  #closing: Promise<void> | undefined;

  constructor(setup: PostgresStoreSetup) {
    this.#setup = setup;
  }

  async migrate(options: StoreCallOptions = {}): Promise<MigrationReport> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    if (this.#migrated === undefined) {
      const { pool, endpoint, tables } = this.#setup;
      // Shared by every caller, so one caller's abort does not fail the others: each stops
      // waiting on its own signal, and the migration (short, one transaction) runs on.
      const running = withClient(pool, endpoint, "migrating its tables", undefined, (client) =>
        migrate(client, tables),
      );
      this.#migrated = running;
      // A failed (or aborted) attempt is not remembered: the next call tries again.
      running.catch(() => {
        if (this.#migrated === running) this.#migrated = undefined;
      });
    }
    return untilAborted(this.#migrated, options.signal);
  }

  async createRun(run: NewRun, options: StoreCallOptions = {}): Promise<StoredRun> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const snapshot = checkNewRun(run);
    const { runs } = this.#setup.tables;
    const created = await this.#use("createRun", options, async (client) => {
      const result = await client.query(
        `INSERT INTO ${runs} (run_id, task_name, parent_run_id, thread_id, status, version,
           schema_version, created_at, updated_at, snapshot)
         VALUES ($1, $2, $3, $4, $5, 1, $6, ${fromMs("$7")}, ${fromMs("$7")}, $8::jsonb)
         ON CONFLICT (run_id) DO NOTHING
         RETURNING ${RUN_COLUMNS}`,
        [
          run.runId,
          run.taskName,
          run.parentRunId ?? null,
          run.threadId ?? null,
          run.status,
          RUN_SCHEMA_VERSION,
          this.#setup.now(),
          toJsonColumn(snapshot),
        ],
      );
      return result.rows[0];
    });
    if (created === undefined) throw runExists(run.runId);
    return runFromRow(created);
  }

  async appendRun(runId: string, write: RunWrite, options: StoreCallOptions = {}): Promise<number> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const texts = checkWrite(runId, write);
    const { runs, events } = this.#setup.tables;
    return this.#transaction("appendRun", options, async (client) => {
      const now = this.#setup.now();
      const locked = await client.query(
        `SELECT version, schema_version, lease_token::float8 AS token, last_seq FROM ${runs}
         WHERE run_id = $1 FOR UPDATE`,
        [runId],
      );
      const row = locked.rows[0] as
        | { version: number; schema_version: number; token: number; last_seq: number }
        | undefined;
      if (row === undefined) throw runNotFound(runId, "RunStore.appendRun()");
      checkSchemaVersion(runId, Number(row.schema_version));
      checkWriteAllowed(runId, write, {
        newestToken: Number(row.token),
        version: Number(row.version),
      });
      if (texts.events.length > 0) {
        await client.query(
          `INSERT INTO ${events} (run_id, seq, kind, data, at)
           SELECT $1, $2::integer + e.n, e.kind, e.data::jsonb, ${fromMs("$5")}
           FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS e(kind, data, n)`,
          [
            runId,
            Number(row.last_seq),
            texts.events.map((event) => event.kind),
            texts.events.map((event) => toJsonColumn(event.data)),
            now,
          ],
        );
      }
      const updated = await client.query(
        `UPDATE ${runs} SET version = version + 1, status = $2, snapshot = $3::jsonb,
           updated_at = ${fromMs("$4")}, last_seq = last_seq + $5
         WHERE run_id = $1 RETURNING version`,
        [runId, write.status, toJsonColumn(texts.snapshot), now, texts.events.length],
      );
      return Number((updated.rows[0] as { version: number }).version);
    });
  }

  async loadRun(runId: string, options: StoreCallOptions = {}): Promise<LoadedRun | undefined> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const { runs, events } = this.#setup.tables;
    // One statement, so the run and its events are read from one snapshot of the database.
    const row = await this.#use("loadRun", options, async (client) => {
      const result = await client.query(
        `SELECT ${RUN_COLUMNS}, (
           SELECT json_agg(json_build_object('seq', e.seq, 'kind', e.kind, 'data', e.data,
             'at', ${toMs("e.at")}) ORDER BY e.seq)::text
           FROM ${events} e WHERE e.run_id = r.run_id
         ) AS events
         FROM ${runs} r WHERE r.run_id = $1`,
        [runId],
      );
      return result.rows[0] as { schema_version: number; events: string | null } | undefined;
    });
    if (row === undefined) return undefined;
    checkSchemaVersion(runId, Number(row.schema_version));
    return { run: runFromRow(row), events: eventsFromText(row.events) };
  }

  async getJournal(
    runId: string,
    key: string,
    options: StoreCallOptions = {},
  ): Promise<JournalEntry | undefined> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const row = await this.#use("getJournal", options, async (client) => {
      const result = await client.query(
        `SELECT kind, state, value::text AS value, ${toMs("updated_at")} AS updated_ms
         FROM ${this.#setup.tables.journal} WHERE run_id = $1 AND key = $2`,
        [runId, key],
      );
      return result.rows[0];
    });
    return row === undefined ? undefined : journalFromRow(runId, key, row);
  }

  async putJournal(
    entry: JournalEntry,
    fencingToken: number,
    options: StoreCallOptions = {},
  ): Promise<void> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const value = checkJournal(entry, fencingToken);
    const { runs, journal } = this.#setup.tables;
    await this.#transaction("putJournal", options, async (client) => {
      // FOR SHARE: journal writes of one run go on side by side; a lease change waits for them.
      const locked = await client.query(
        `SELECT version, lease_token::float8 AS token FROM ${runs} WHERE run_id = $1 FOR SHARE`,
        [entry.runId],
      );
      const row = locked.rows[0] as { version: number; token: number } | undefined;
      if (row === undefined) throw runNotFound(entry.runId, "RunStore.putJournal()");
      checkWriteAllowed(
        entry.runId,
        { fencingToken },
        {
          newestToken: Number(row.token),
          version: Number(row.version),
        },
      );
      await client.query(
        `INSERT INTO ${journal} (run_id, key, kind, state, value, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, ${fromMs("$6")})
         ON CONFLICT (run_id, key) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state,
           value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [
          entry.runId,
          entry.key,
          entry.kind,
          entry.state,
          value === null ? null : toJsonColumn(value),
          this.#setup.now(),
        ],
      );
    });
  }

  async acquireLease(
    runId: string,
    owner: string,
    ttlMs: number,
    options: StoreCallOptions = {},
  ): Promise<Lease> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    checkLeaseRequest(runId, owner, ttlMs);
    const { runs, leaseTokens } = this.#setup.tables;
    return this.#transaction("acquireLease", options, async (client) => {
      const now = this.#setup.now();
      const locked = await client.query(
        `SELECT lease_owner, ${toMs("lease_expires_at")} AS expires_ms FROM ${runs}
         WHERE run_id = $1 FOR UPDATE`,
        [runId],
      );
      const row = locked.rows[0] as
        | { lease_owner: string | null; expires_ms: number | null }
        | undefined;
      if (row === undefined) throw runNotFound(runId, "RunStore.acquireLease()");
      const expires = row.expires_ms === null ? undefined : Number(row.expires_ms);
      if (
        row.lease_owner !== null &&
        row.lease_owner !== owner &&
        expires !== undefined &&
        expires > now
      )
        throw leaseHeld(runId, row.lease_owner, expires);
      const expiresAt = now + ttlMs;
      const taken = await client.query(
        `UPDATE ${runs} SET lease_token = nextval('${leaseTokens}'), lease_owner = $2,
           lease_expires_at = ${fromMs("$3")}
         WHERE run_id = $1 RETURNING lease_token::float8 AS token`,
        [runId, owner, expiresAt],
      );
      const token = Number((taken.rows[0] as { token: number }).token);
      return { runId, owner, token, expiresAt };
    });
  }

  async releaseLease(lease: Lease, options: StoreCallOptions = {}): Promise<void> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    await this.#use("releaseLease", options, (client) =>
      client.query(
        `UPDATE ${this.#setup.tables.runs} SET lease_owner = NULL, lease_expires_at = NULL
         WHERE run_id = $1 AND lease_token = $2 AND lease_owner = $3`,
        [lease.runId, lease.token, lease.owner],
      ),
    );
  }

  async listRuns(query: RunQuery = {}, options: StoreCallOptions = {}): Promise<StoredRun[]> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const q = normalizeQuery(query);
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (condition: (parameter: string) => string, value: unknown) => {
      values.push(value);
      where.push(condition(`$${values.length}`));
    };
    if (q.taskName !== undefined) add((p) => `task_name = ${p}`, q.taskName);
    if (q.statuses !== undefined) add((p) => `status = ANY(${p}::text[])`, q.statuses);
    if (q.threadId !== undefined) add((p) => `thread_id = ${p}`, q.threadId);
    if (q.updatedAfter !== undefined) add((p) => `updated_at >= ${fromMs(p)}`, q.updatedAfter);
    if (q.updatedBefore !== undefined) add((p) => `updated_at < ${fromMs(p)}`, q.updatedBefore);
    values.push(q.limit);
    const rows = await this.#use("listRuns", options, async (client) => {
      const result = await client.query(
        `SELECT ${RUN_COLUMNS} FROM ${this.#setup.tables.runs}
         ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`}
         ORDER BY updated_at DESC, run_id DESC LIMIT $${values.length}`,
        values,
      );
      return result.rows;
    });
    // A run of another format is refused here too, not handed out as if it were this one.
    for (const row of rows) {
      const { run_id, schema_version } = row as { run_id: string; schema_version: number };
      checkSchemaVersion(run_id, Number(schema_version));
    }
    return rows.map(runFromRow);
  }

  async deleteRun(runId: string, options: StoreCallOptions = {}): Promise<boolean> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const result = await this.#use("deleteRun", options, (client) =>
      client.query(`DELETE FROM ${this.#setup.tables.runs} WHERE run_id = $1`, [runId]),
    );
    return (result.rowCount ?? 0) > 0;
  }

  async pruneRuns(policy: PrunePolicy, options: StoreCallOptions = {}): Promise<number> {
    checkCall(STORE, this.#closing !== undefined, options.signal);
    const p = normalizePrune(policy);
    const { runs } = this.#setup.tables;
    const result = await this.#use("pruneRuns", options, (client) =>
      client.query(
        `DELETE FROM ${runs} WHERE run_id IN (
           SELECT run_id FROM (
             SELECT run_id, updated_at,
               row_number() OVER (ORDER BY updated_at DESC, run_id DESC) AS rank
             FROM ${runs} WHERE status = ANY($1::text[])
           ) candidates
           WHERE ($2::float8 IS NULL OR updated_at < ${fromMs("$2")})
             AND ($3::integer IS NULL OR rank > $3)
         )`,
        [p.statuses, p.olderThan ?? null, p.keepLast ?? null],
      ),
    );
    return result.rowCount ?? 0;
  }

  close(): Promise<void> {
    this.#closing ??= this.#setup.closePool();
    return this.#closing;
  }

  /** Runs `work` with a client once the tables are migrated. */
  async #use<T>(
    call: string,
    options: StoreCallOptions,
    work: (client: PostgresClient) => Promise<T>,
  ): Promise<T> {
    await this.migrate(options);
    const { pool, endpoint } = this.#setup;
    return withClient(pool, endpoint, `RunStore.${call}()`, options.signal, work);
  }

  /** `#use` inside one transaction, rolled back when `work` throws. */
  #transaction<T>(
    call: string,
    options: StoreCallOptions,
    work: (client: PostgresClient) => Promise<T>,
  ): Promise<T> {
    return this.#use(call, options, async (client) => {
      await client.query("BEGIN");
      try {
        const result = await work(client);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    });
  }
}
