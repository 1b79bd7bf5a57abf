import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { RunStoreError } from "./run-store-error.ts";
import { loadSqlite, SQLITE_BUSY_SLICE_MS, text, withBusyRetry } from "./sqlite-connection.ts";
import { migrate } from "./sqlite-schema.ts";

/**
 * Opens a SQLite database for the run store: loads `node:sqlite`, creates the parent folders,
 * sets the busy timeout, WAL (kept in the file) and `synchronous=FULL` (per connection), then
 * migrates. Waits asynchronously while another process holds a lock, up to `busyTimeoutMs`.
 */
export async function openSqliteDatabase(
  path: string,
  busyTimeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<{ db: DatabaseSync; where: string }> {
  signal?.throwIfAborted();
  const inMemory = path === ":memory:";
  const location = inMemory ? path : resolve(path);
  const where = `SqliteRunStore (${location})`;
  const { DatabaseSync } = await loadSqlite();
  let db: DatabaseSync;
  try {
    if (!inMemory) await mkdir(dirname(location), { recursive: true });
    db = new DatabaseSync(location);
  } catch (error) {
    throw new RunStoreError(
      "RUN_STORE_FAILED",
      `${where}: cannot open: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const context = { where, busyTimeoutMs, signal, checkOpen: () => {} };
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.min(busyTimeoutMs, SQLITE_BUSY_SLICE_MS)}`);
    if (!inMemory) {
      // Persistent in the file: only the first open of a new file changes it.
      const mode = await withBusyRetry("switching to WAL", context, () =>
        text(db.prepare("PRAGMA journal_mode = WAL").get() ?? {}, "journal_mode"),
      );
      if (mode.toLowerCase() !== "wal") {
        throw new RunStoreError(
          "RUN_STORE_FAILED",
          `${where}: SQLite kept journal_mode ${mode} instead of WAL; WAL needs shared memory, which network file systems often lack: put the database on a local disk.`,
        );
      }
    }
    db.exec("PRAGMA synchronous = FULL");
    await withBusyRetry("migrating", context, () => migrate(db, where));
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, where };
}
