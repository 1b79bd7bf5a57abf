import type { DatabaseSync, SQLOutputValue } from "node:sqlite";
import { setTimeout as delay } from "node:timers/promises";
import { AliceError } from "../errors/alice-error.ts";
import { RunStoreError } from "./run-store-error.ts";

/**
 * The SQLite plumbing of `SqliteRunStore`: loading `node:sqlite` on first use, waiting out a
 * locked database without blocking the event loop, transactions, and reading typed columns.
 */

/** A result row as `node:sqlite` returns it. */
export type Row = Record<string, SQLOutputValue>;

/**
 * How long SQLite's own busy handler may wait for a lock. `node:sqlite` is synchronous, so that
 * wait blocks the thread; past it the store waits asynchronously (see `withBusyRetry`).
 */
export const SQLITE_BUSY_SLICE_MS = 20;

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

let sqlite: Promise<typeof import("node:sqlite")> | undefined;

/**
 * Loads `node:sqlite` once, on the first store opened, so that importing alice-agents never does.
 * On Node 22.13 to 23.x, Node itself prints one ExperimentalWarning per process when it loads;
 * Node 24 prints none. Older Nodes have no `node:sqlite` without a flag: refused with a clear
 * `RUN_STORE_FAILED`.
 */
export function loadSqlite(): Promise<typeof import("node:sqlite")> {
  sqlite ??= import("node:sqlite").catch((error: unknown) => {
    sqlite = undefined;
    throw new RunStoreError(
      "RUN_STORE_FAILED",
      `The SQLite run store needs node:sqlite, built into Node 22.13+ (and 22.5+ with --experimental-sqlite); this is Node ${process.versions.node}. Upgrade Node, or use another RunStore.`,
      { cause: error },
    );
  });
  return sqlite;
}

/** True for SQLITE_BUSY and SQLITE_LOCKED (with their extended codes): another connection holds a lock. */
export function isBusy(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("errcode" in error)) return false;
  const primary = Number(error.errcode) & 0xff;
  return primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
}

/** What a retried operation needs to know. */
export interface RetryContext {
  /** The store's name and file, for messages. */
  where: string;
  busyTimeoutMs: number;
  signal: AbortSignal | undefined;
  /** Checked before each attempt: the store may close while a call waits. */
  checkOpen: () => void;
}

/**
 * Runs a synchronous database operation; while the database is locked by another connection,
 * runs it again after a short asynchronous wait (1 ms doubling to 50 ms, jittered) until
 * `busyTimeoutMs` has passed since the first attempt. The wait never blocks the event loop and
 * rejects with `signal.reason` as soon as the signal fires. Errors that are not the store's own
 * become `RUN_STORE_FAILED` with the SQLite error as cause.
 */
export async function withBusyRetry<T>(
  what: string,
  context: RetryContext,
  operation: () => T,
): Promise<T> {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    context.signal?.throwIfAborted();
    context.checkOpen();
    try {
      return operation();
    } catch (error) {
      if (AliceError.isInstance(error)) throw error;
      if (!isBusy(error)) {
        throw new RunStoreError(
          "RUN_STORE_FAILED",
          `${context.where}: ${what} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      const waited = performance.now() - started;
      if (waited >= context.busyTimeoutMs) {
        throw new RunStoreError(
          "RUN_STORE_FAILED",
          `${context.where}: ${what} waited ${Math.round(waited)} ms for a lock another connection holds (busyTimeoutMs ${context.busyTimeoutMs}). Another process is writing a lot, or holds a transaction open: raise busyTimeoutMs or find it.`,
          { cause: error },
        );
      }
      const wait = Math.min(2 ** attempt, 50) * (0.5 + Math.random());
      try {
        await delay(Math.min(wait, context.busyTimeoutMs - waited), undefined, {
          ...(context.signal === undefined ? {} : { signal: context.signal }),
        });
      } catch (abort) {
        context.signal?.throwIfAborted();
        throw abort;
      }
    }
  }
}

/**
 * Runs `body` in a transaction: `IMMEDIATE` takes the write lock first, so a write never fails
 * half-way on a lock (SQLITE_BUSY comes at BEGIN, and the whole call is retried); a read uses a
 * deferred one, to see the run and its events at one moment.
 */
export function transaction<T>(db: DatabaseSync, mode: "IMMEDIATE" | "DEFERRED", body: () => T): T {
  db.exec(`BEGIN ${mode}`);
  try {
    const result = body();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    // isTransaction is missing before Node 22.16: then try, as SQLite may have rolled back already.
    if (db.isTransaction !== false) {
      try {
        db.exec("ROLLBACK");
      } catch {
        // No transaction was open: the error that matters is the one thrown below.
      }
    }
    throw error;
  }
}

function corrupt(column: string, value: unknown): RunStoreError {
  return new RunStoreError(
    "RUN_STORE_FAILED",
    `The run store's column "${column}" holds ${typeof value}, not what alice-agents wrote: the database was changed by something else.`,
  );
}

/** A column that holds an integer. */
export function int(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw corrupt(column, value);
}

/** A column that holds text. */
export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw corrupt(column, value);
  return value;
}

/** A column that holds text or NULL. */
export function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : text(row, column);
}
