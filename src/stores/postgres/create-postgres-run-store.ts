import pg from "pg";
import { OptionsError } from "../../errors/errors.ts";
import type { RunStoreOptions } from "../run-store.ts";
import { type PostgresPool, postgresEndpoint } from "./postgres-connection.ts";
import { type PostgresRunStore, PostgresRunStoreImpl } from "./postgres-run-store.ts";
import { postgresTables, tableNameProblems } from "./postgres-tables.ts";

/** Where the store's tables live, and the clock every adapter takes (`RunStoreOptions.now`). */
interface PostgresRunStoreSettings extends RunStoreOptions {
  /**
   * The schema of the store's tables, created by the first migration when missing.
   * @default "alice"
   */
  schema?: string;
  /** Put before each table's name (`app_` gives `app_runs`, `app_run_events`, …). @default "" */
  tablePrefix?: string;
}

/**
 * Options of `createPostgresRunStore`: a connection string (the store makes its pool and ends
 * it on `close()`) or a pool of yours (a `pg.Pool`; `close()` leaves it open).
 */
export type PostgresRunStoreOptions = PostgresRunStoreSettings &
  (
    | {
        /**
         * `postgres://user:password@host:5432/database`, e.g. `process.env.ALICE_STORE`; any
         * form `pg` reads. The password never appears in the store's errors.
         */
        connectionString: string;
        pool?: never;
      }
    | {
        /** A `pg.Pool` (or anything with its `connect()`), shared with your app. */
        pool: PostgresPool;
        connectionString?: never;
      }
  );

const SUBJECT = "createPostgresRunStore()";
/** How long the store's own pool waits for a connection before the call fails. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A `RunStore` on PostgreSQL (through `pg`, an optional peer dependency): runs, their events
 * and journal as `jsonb`, versioned writes and fenced leases in transactions. Its tables are
 * made or upgraded by the first call (or `migrate()`), safely when processes start at once.
 */
export function createPostgresRunStore(options: PostgresRunStoreOptions): PostgresRunStore {
  const { schema = "alice", tablePrefix = "", now = Date.now } = options ?? {};
  const given = options as { connectionString?: unknown; pool?: unknown } | undefined;
  const problems = tableNameProblems(schema, tablePrefix);
  const hasString = given?.connectionString !== undefined;
  const hasPool = given?.pool !== undefined;
  if (hasString === hasPool)
    problems.push(
      hasString
        ? "give connectionString or pool, not both"
        : "give connectionString (e.g. process.env.ALICE_STORE, postgres://user@host:5432/db) or pool (a pg.Pool)",
    );
  if (hasString && (typeof given?.connectionString !== "string" || given.connectionString === ""))
    problems.push("connectionString must be a non-empty string");
  if (hasPool && typeof (given?.pool as { connect?: unknown } | null)?.connect !== "function")
    problems.push("pool must be a pg.Pool (an object with connect())");
  if (typeof now !== "function")
    problems.push("now must be a function returning epoch milliseconds");
  if (problems.length > 0) throw new OptionsError(SUBJECT, problems);

  const tables = postgresTables(schema, tablePrefix);
  if (options.pool !== undefined) {
    const settings = (options.pool as { options?: Record<string, unknown> }).options ?? {};
    return new PostgresRunStoreImpl({
      pool: options.pool,
      closePool: async () => {},
      tables,
      endpoint: postgresEndpoint(settings),
      now,
    });
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client whose server went away emits "error" on the pool, which would crash the
  // process unheard; the next call reports the failure instead (as RUN_STORE_FAILED).
  pool.on("error", () => {});
  return new PostgresRunStoreImpl({
    pool,
    closePool: () => pool.end(),
    tables,
    endpoint: postgresEndpoint({ connectionString: options.connectionString }),
    now,
  });
}
