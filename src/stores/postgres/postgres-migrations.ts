import { AliceError } from "../../errors/alice-error.ts";
import type { PostgresClient } from "./postgres-connection.ts";
import type { PostgresTables } from "./postgres-tables.ts";

/** One step of the store's tables, applied once, in order, and recorded in the migrations table. */
export interface PostgresMigration {
  version: number;
  name: string;
  statements(tables: PostgresTables): string[];
}

/**
 * Every migration, oldest first. A released one is never edited: a change is a new version.
 * Timestamps are whole milliseconds (`date_trunc`) so that the ISO 8601 strings the store hands
 * out compare exactly as the rows do.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "runs, events, journal, lease tokens",
    statements: (t) => [
      // Fencing tokens are unique in the store, so a deleted and re-created run never gets a
      // token it had before: one sequence, not a counter per run.
      `CREATE SEQUENCE ${t.leaseTokens}`,
      `CREATE TABLE ${t.runs} (
        run_id text COLLATE "C" PRIMARY KEY,
        task_name text NOT NULL,
        parent_run_id text,
        thread_id text,
        status text NOT NULL,
        version integer NOT NULL,
        schema_version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        snapshot jsonb NOT NULL,
        last_seq integer NOT NULL DEFAULT 0,
        lease_token bigint NOT NULL DEFAULT 0,
        lease_owner text,
        lease_expires_at timestamptz
      )`,
      // listRuns and pruneRuns order by (updated_at DESC, run_id DESC), after these filters.
      `CREATE INDEX ${t.index("runs_updated_idx")} ON ${t.runs} (updated_at DESC, run_id DESC)`,
      `CREATE INDEX ${t.index("runs_task_idx")} ON ${t.runs} (task_name, updated_at DESC, run_id DESC)`,
      `CREATE INDEX ${t.index("runs_status_idx")} ON ${t.runs} (status, updated_at DESC, run_id DESC)`,
      `CREATE INDEX ${t.index("runs_thread_idx")} ON ${t.runs} (thread_id, updated_at DESC, run_id DESC) WHERE thread_id IS NOT NULL`,
      `CREATE TABLE ${t.events} (
        run_id text COLLATE "C" NOT NULL REFERENCES ${t.runs} (run_id) ON DELETE CASCADE,
        seq integer NOT NULL,
        kind text NOT NULL,
        data jsonb NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`,
      `CREATE TABLE ${t.journal} (
        run_id text COLLATE "C" NOT NULL REFERENCES ${t.runs} (run_id) ON DELETE CASCADE,
        key text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        value jsonb,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (run_id, key)
      )`,
    ],
  },
];

/** What `migrate()` did: the versions this call applied (none when another process had). */
export interface MigrationReport {
  applied: number[];
  /** The schema's version after the call. */
  version: number;
}

/**
 * Brings the schema to the newest version. Every process may call it at once: the work runs in
 * one transaction under a transaction-level advisory lock on the schema's name, so one process
 * applies what is missing while the others wait, then find nothing left to do. A failed
 * migration rolls back whole (PostgreSQL's DDL is transactional).
 */
export async function migrate(
  client: PostgresClient,
  tables: PostgresTables,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<MigrationReport> {
  const latest = migrations.at(-1)?.version ?? 0;
  // Up to date: no lock, no DDL (which needs the CREATE privilege even when nothing is made).
  const current = await readVersion(client, tables);
  if (current !== undefined && current >= latest) return checked(current, latest, []);

  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('alice-agents'), hashtext($1))", [
      tables.lockName,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${tables.migrations} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const done = await client.query(`SELECT version FROM ${tables.migrations}`);
    const applied = new Set(done.rows.map((row) => Number((row as { version: unknown }).version)));
    const newest = Math.max(0, ...applied);
    checked(newest, latest, []);
    const ran: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements(tables)) await client.query(statement);
      await client.query(`INSERT INTO ${tables.migrations} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      ran.push(migration.version);
    }
    await client.query("COMMIT");
    return { applied: ran, version: latest };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function readVersion(
  client: PostgresClient,
  tables: PostgresTables,
): Promise<number | undefined> {
  const found = await client.query("SELECT to_regclass($1) IS NOT NULL AS present", [
    tables.migrations,
  ]);
  if ((found.rows[0] as { present?: unknown } | undefined)?.present !== true) return undefined;
  const result = await client.query(`SELECT max(version) AS version FROM ${tables.migrations}`);
  const version = (result.rows[0] as { version?: unknown } | undefined)?.version;
  return version === null || version === undefined ? undefined : Number(version);
}

function checked(current: number, latest: number, applied: number[]): MigrationReport {
  if (current > latest)
    throw new AliceError(
      "RUN_STORE_FAILED",
      `The run store's tables are at migration ${current}, newer than this version of alice-agents knows (${latest}): upgrade alice-agents in every process that uses them.`,
    );
  return { applied, version: current };
}
