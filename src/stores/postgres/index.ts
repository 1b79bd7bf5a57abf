/**
 * `alice-agents/postgres`: the PostgreSQL run store. It needs `pg` (an optional peer
 * dependency), which only this entry loads.
 */
export {
  createPostgresRunStore,
  type PostgresRunStoreOptions,
} from "./create-postgres-run-store.ts";
export type { PostgresClient, PostgresPool } from "./postgres-connection.ts";
export type { MigrationReport } from "./postgres-migrations.ts";
export type { PostgresRunStore } from "./postgres-run-store.ts";
