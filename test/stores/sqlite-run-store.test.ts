import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunStore, RunWrite } from "../../src/stores/run-store.ts";
import {
  openSqliteRunStore,
  type SqliteRunStore,
  sqliteDatabaseOf,
} from "../../src/stores/sqlite-run-store.ts";
import { SQLITE_APPLICATION_ID } from "../../src/stores/sqlite-schema.ts";
import { runStoreConformance } from "./run-store-conformance.ts";

const run = promisify(execFile);
const WORKER = join(import.meta.dirname, "sqlite-worker.ts");

const hooks = {
  setSchemaVersion: (store: RunStore, runId: string, schemaVersion: number) => {
    sqliteDatabaseOf(store as SqliteRunStore)
      .prepare("UPDATE runs SET schema_version = ? WHERE run_id = ?")
      .run(schemaVersion, runId);
  },
  storedBytes: (store: RunStore) => (store as SqliteRunStore).storedBytes(),
};

const dirs = new Map<RunStore, string>();
runStoreConformance(
  "sqlite file",
  async ({ now }) => {
    const dir = await mkdtemp(join(tmpdir(), "alice-sqlite-"));
    const store = await openSqliteRunStore({ path: join(dir, "runs.db"), now });
    dirs.set(store, dir);
    return store;
  },
  {
    ...hooks,
    cleanup: async (store) => {
      await rm(dirs.get(store)!, { recursive: true, force: true });
      dirs.delete(store);
    },
  },
);

runStoreConformance(
  "sqlite :memory:",
  ({ now }) => openSqliteRunStore({ path: ":memory:", now }),
  hooks,
);

const create = { taskName: "t", status: "running", snapshot: { step: 0 } } as const;
const append = (expectedVersion: number, by: string): RunWrite => ({
  expectedVersion,
  fencingToken: 0,
  events: [{ kind: "node", data: { by } }],
  snapshot: { by },
  status: "running",
});

describe("SqliteRunStore", () => {
  let dir: string;
  let path: string;
  const opened: { close(): unknown }[] = [];
  const open = async (options: Parameters<typeof openSqliteRunStore>[0] = {}) => {
    const store = await openSqliteRunStore({ path, ...options });
    opened.push(store);
    return store;
  };
  /** A second, raw connection to the file, as another process would have. */
  const raw = (): DatabaseSync => {
    const db = new DatabaseSync(path);
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "alice-sqlite-"));
    path = join(dir, "nested", "deeper", "runs.db");
  });

  afterEach(async () => {
    for (const handle of opened.splice(0).reverse()) {
      try {
        await handle.close();
      } catch {
        // Closed by the test already.
      }
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("creates the parent folders, and sets WAL, synchronous=FULL and the busy timeout", async () => {
    const store = await open({ busyTimeoutMs: 5_000 });
    expect(existsSync(path)).toBe(true);
    const db = sqliteDatabaseOf(store);
    const pragma = (name: string) => Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("synchronous")).toBe(2);
    expect(pragma("busy_timeout")).toBe(20);
    expect(pragma("application_id")).toBe(SQLITE_APPLICATION_ID);
    expect(pragma("user_version")).toBe(1);
  });

  it("keeps runs across close and open; opening again migrates nothing", async () => {
    const first = await open();
    await first.createRun({ runId: "r", ...create });
    await first.appendRun("r", append(1, "first"));
    await first.close();
    const [a, b] = await Promise.all([open(), open()]);
    expect((await a.loadRun("r"))?.events).toHaveLength(1);
    expect((await b.loadRun("r"))?.run.version).toBe(2);
  });

  it("two stores on one file: of two appends of the same version exactly one wins", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await a.createRun({ runId: "r", ...create });
    const results = await Promise.allSettled([
      a.appendRun("r", append(1, "a")),
      b.appendRun("r", append(1, "b")),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((r) => r.status === "rejected")?.reason).toMatchObject({
      code: "RUN_CONFLICT",
    });
    const [fromA, fromB] = await Promise.all([a.loadRun("r"), b.loadRun("r")]);
    expect(fromA).toEqual(fromB);
    expect(fromA?.events).toHaveLength(1);
    await b.acquireLease("r", "b", 60_000);
    await expect(a.acquireLease("r", "a", 60_000)).rejects.toMatchObject({ code: "RUN_CONFLICT" });
  });

  it("processes opening a new file at once and racing on one run lose no write", async () => {
    const processes = 4;
    const rounds = 40;
    const startAt = Date.now() + 1_500;
    const outputs = await Promise.all(
      Array.from({ length: processes }, (_, id) =>
        run(process.execPath, [WORKER, "race", path, String(id), String(startAt), String(rounds)]),
      ),
    );
    const results = outputs.map(
      ({ stdout }) => JSON.parse(stdout) as { created: boolean; won: number; lost: number },
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const won = results.reduce((sum, r) => sum + r.won, 0);
    expect(won + results.reduce((sum, r) => sum + r.lost, 0)).toBe(processes * rounds);
    const store = await open();
    const shared = await store.loadRun("shared");
    expect(shared?.run.version).toBe(1 + won);
    expect(shared?.events.map((e) => e.seq)).toEqual(Array.from({ length: won }, (_, i) => i + 1));
    expect(await store.listRuns({ taskName: "race" })).toHaveLength(processes + 1);
  }, 60_000);

  it("waits for a lock another connection holds without blocking the event loop", async () => {
    const store = await open();
    await store.createRun({ runId: "r", ...create });
    const other = raw();
    other.exec("BEGIN IMMEDIATE");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    setTimeout(() => other.exec("COMMIT"), 200);
    try {
      expect(await store.appendRun("r", append(1, "waited"))).toBe(2);
    } finally {
      clearInterval(ticker);
    }
    expect(ticks).toBeGreaterThan(10);
  });

  it("stops waiting for a lock when the signal fires, rejecting with its reason", async () => {
    const store = await open();
    await store.createRun({ runId: "r", ...create });
    const other = raw();
    other.exec("BEGIN IMMEDIATE");
    const controller = new AbortController();
    const reason = new Error("stop waiting");
    setTimeout(() => controller.abort(reason), 100);
    const started = performance.now();
    await expect(
      store.appendRun("r", append(1, "never"), { signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1_000);
    other.exec("ROLLBACK");
    expect((await store.loadRun("r"))?.run.version).toBe(1);
  });

  it("fails with RUN_STORE_FAILED once busyTimeoutMs has passed", async () => {
    const store = await open({ busyTimeoutMs: 150 });
    await store.createRun({ runId: "r", ...create });
    const other = raw();
    other.exec("BEGIN IMMEDIATE");
    const refusal = store.appendRun("r", append(1, "never"));
    await expect(refusal).rejects.toMatchObject({ code: "RUN_STORE_FAILED" });
    await expect(refusal).rejects.toThrow(/busyTimeoutMs 150/);
    other.exec("ROLLBACK");
  });

  it("refuses a file of another application, and one a newer alice-agents laid out", async () => {
    await open().then((store) => store.close());
    const db = raw();
    db.exec("PRAGMA user_version = 99");
    await expect(open()).rejects.toThrow(/newer alice-agents \(layout 99/);
    db.exec("PRAGMA application_id = 42");
    await expect(open()).rejects.toMatchObject({ code: "RUN_STORE_FAILED" });
    await expect(open()).rejects.toThrow(/not an alice-agents run store/);
    const foreign = join(dir, "foreign.db");
    const app = new DatabaseSync(foreign);
    app.exec("CREATE TABLE things (x); PRAGMA user_version = 3;");
    app.close();
    await expect(open({ path: foreign })).rejects.toThrow(/not an alice-agents run store/);
  });

  it("refuses an invalid busyTimeoutMs (OPTIONS_INVALID); an aborted signal stops opening", async () => {
    await expect(open({ busyTimeoutMs: -1 })).rejects.toMatchObject({ code: "OPTIONS_INVALID" });
    const reason = new Error("stop");
    await expect(open({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(existsSync(path)).toBe(false);
  });

  it("is not loaded by importing alice-agents; opens .alice/runs.db in the working directory by default", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--conditions=alice-source", WORKER, "lazy"],
      { cwd: dir },
    );
    expect(JSON.parse(stdout)).toEqual({ afterImport: false, afterOpen: true });
    expect(existsSync(join(dir, ".alice", "runs.db"))).toBe(true);
    // Node 24 (pinned) prints no ExperimentalWarning for node:sqlite; 22.13-23.x print one.
    expect(stderr).toBe("");
  });
});
