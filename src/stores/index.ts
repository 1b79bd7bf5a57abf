export { MemoryRunStore } from "./memory-run-store.ts";
export {
  type JournalEntry,
  type Lease,
  type LoadedRun,
  type NewRun,
  type PrunePolicy,
  RUN_SCHEMA_VERSION,
  type RunEvent,
  type RunQuery,
  type RunStore,
  type RunStoreOptions,
  type RunWrite,
  type StoreCallOptions,
  type StoredRun,
  type StoredRunStatus,
} from "./run-store.ts";
export { RunStoreError } from "./run-store-error.ts";
export {
  openSqliteRunStore,
  SqliteRunStore,
  type SqliteRunStoreOptions,
} from "./sqlite-run-store.ts";
