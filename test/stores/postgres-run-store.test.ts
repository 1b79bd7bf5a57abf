// The PostgreSQL adapter against a real server (test/stores/postgres-test-server.ts): the shared
// conformance suite, then what only a server shows: migrations raced by several processes,
// writers and lease takers racing from separate pools, an abort while a statement waits on a
// lock, connection errors without the password, a given pool left open, and the core entry
// never loading `pg`.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRunStore, type PostgresRunStore } from "../../src/stores/postgres/index.ts";
import type { RunStore } from "../../src/stores/run-store.ts";
import {
  adminPool,
  dropSchemas,
  freshSchema,
  POSTGRES_TEST_URL,
  requirePostgres,
} from "./postgres-test-server.ts";
import { runStoreConformance } from "./run-store-conformance.ts";

const admin = adminPool();
/** Every schema this file made, dropped after each test and again at the end. */
const schemas = new Set<string>();
const schemaOf = new WeakMap<RunStore, string>();

function newSchema(): string {
  const schema = freshSchema();
  schemas.add(schema);
  return schema;
}

beforeAll(() => requirePostgres(admin));
afterAll(async () => {
  await dropSchemas(admin, schemas);
  await admin.end();
});

runStoreConformance(
  "postgres",
  ({ now }) => {
    const schema = newSchema();
    const store = createPostgresRunStore({ connectionString: POSTGRES_TEST_URL, schema, now });
    schemaOf.set(store, schema);
    return store;
  },
  {
    cleanup: async (store) => {
      const schema = schemaOf.get(store)!;
      await dropSchemas(admin, [schema]);
      schemas.delete(schema);
    },
    setSchemaVersion: async (store, runId, schemaVersion) => {
      const schema = schemaOf.get(store)!;
      await admin.query(`UPDATE "${schema}".runs SET schema_version = $1 WHERE run_id = $2`, [
        schemaVersion,
        runId,
      ]);
    },
    // The live data's pages: VACUUM FULL first, since an update leaves the old row version
    // behind until (auto)vacuum reclaims it, which is MVCC, not what the store keeps.
    storedBytes: async (store) => {
      const schema = schemaOf.get(store)!;
      const tables = ["runs", "run_events", "run_journal"].map((t) => `"${schema}"."${t}"`);
      await admin.query(`VACUUM FULL ${tables.join(", ")}`);
      const sizes = await admin.query<{ bytes: string }>(
        `SELECT sum(pg_total_relation_size(t::regclass))::text AS bytes FROM unnest($1::text[]) t`,
        [tables],
      );
      return Number(sizes.rows[0]?.bytes);
    },
  },
);

/** A store on its own pool, as another process would have. */
function storeOn(schema: string, options: { now?: () => number; tablePrefix?: string } = {}) {
  return createPostgresRunStore({ connectionString: POSTGRES_TEST_URL, schema, ...options });
}

async function closeAll(stores: RunStore[]): Promise<void> {
  await Promise.all(stores.map((store) => store.close()));
}

describe("PostgreSQL run store", () => {
  describe("migrations", () => {
    it("run once when 8 processes migrate a fresh schema at once: one applies, all succeed", async () => {
      const schema = newSchema();
      const stores = Array.from({ length: 8 }, () => storeOn(schema));
      try {
        const reports = await Promise.all(stores.map((store) => store.migrate()));
        expect(reports.filter((report) => report.applied.length > 0)).toEqual([
          { applied: [1], version: 1 },
        ]);
        expect(reports.every((report) => report.version === 1)).toBe(true);
        const recorded = await admin.query(`SELECT version, name FROM "${schema}".migrations`);
        expect(recorded.rows).toEqual([{ version: 1, name: expect.any(String) }]);
      } finally {
        await closeAll(stores);
      }
      // A process started later finds nothing to do, and works.
      const later = storeOn(schema);
      try {
        expect(await later.migrate()).toEqual({ applied: [], version: 1 });
        await later.createRun({ runId: "r", taskName: "t", status: "running", snapshot: 1 });
        expect(await later.migrate()).toEqual({ applied: [], version: 1 });
      } finally {
        await later.close();
      }
    });

    it("run on the first call when migrate() is never called", async () => {
      const store = storeOn(newSchema());
      try {
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store.createRun({ runId: `r${i}`, taskName: "t", status: "running", snapshot: i }),
          ),
        );
        expect(await store.listRuns()).toHaveLength(5);
      } finally {
        await store.close();
      }
    });

    it("refuse tables migrated by a newer alice-agents (RUN_STORE_FAILED)", async () => {
      const schema = newSchema();
      const first = storeOn(schema);
      await first.migrate();
      await first.close();
      await admin.query(`INSERT INTO "${schema}".migrations (version, name) VALUES (99, 'future')`);
      const store = storeOn(schema);
      try {
        const refusal = store.listRuns();
        await expect(refusal).rejects.toMatchObject({ code: "RUN_STORE_FAILED" });
        await expect(refusal).rejects.toThrow(/migration 99, newer than .* \(1\)/);
      } finally {
        await store.close();
      }
    });

    it("keep stores with different table prefixes in one schema apart", async () => {
      const schema = newSchema();
      const a = storeOn(schema, { tablePrefix: "a_" });
      const b = storeOn(schema, { tablePrefix: "b_" });
      try {
        await a.createRun({ runId: "same", taskName: "from-a", status: "running", snapshot: 1 });
        await b.createRun({ runId: "same", taskName: "from-b", status: "running", snapshot: 2 });
        expect((await a.loadRun("same"))?.run.taskName).toBe("from-a");
        expect((await b.loadRun("same"))?.run.taskName).toBe("from-b");
        const tables = await admin.query<{ tablename: string }>(
          "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename",
          [schema],
        );
        expect(tables.rows.map((row) => row.tablename)).toEqual([
          "a_migrations",
          "a_run_events",
          "a_run_journal",
          "a_runs",
          "b_migrations",
          "b_run_events",
          "b_run_journal",
          "b_runs",
        ]);
      } finally {
        await closeAll([a, b]);
      }
    });
  });

  describe("concurrency across processes", () => {
    it("lets exactly one of two writers with the same expected version win, every time", async () => {
      const schema = newSchema();
      const [a, b] = [storeOn(schema), storeOn(schema)];
      try {
        await a.createRun({ runId: "race", taskName: "t", status: "running", snapshot: 0 });
        for (let version = 1; version <= 20; version++) {
          const results = await Promise.allSettled([
            a.appendRun("race", write(version, "a")),
            b.appendRun("race", write(version, "b")),
          ]);
          const won = results.filter((result) => result.status === "fulfilled");
          expect(won).toEqual([{ status: "fulfilled", value: version + 1 }]);
          const lost = results.find((result) => result.status === "rejected");
          expect(lost?.reason).toMatchObject({ code: "RUN_CONFLICT" });
        }
        const loaded = await b.loadRun("race");
        expect(loaded?.run.version).toBe(21);
        expect(loaded?.events.map((event) => event.seq)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
      } finally {
        await closeAll([a, b]);
      }
    });

    it("gives a free lease to exactly one of several owners asking at once", async () => {
      const schema = newSchema();
      const stores = Array.from({ length: 4 }, () => storeOn(schema));
      try {
        await stores[0]!.createRun({ runId: "r", taskName: "t", status: "running", snapshot: 0 });
        const results = await Promise.allSettled(
          stores.map((store, i) => store.acquireLease("r", `worker-${i}`, 60_000)),
        );
        expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
        for (const result of results)
          if (result.status === "rejected")
            expect(result.reason).toMatchObject({ code: "RUN_CONFLICT" });
      } finally {
        await closeAll(stores);
      }
    });

    it("refuses a stalled owner's write after another process took the expired lease", async () => {
      let time = Date.parse("2031-01-01T00:00:00Z");
      const now = () => time;
      const schema = newSchema();
      const [stalled, taker] = [storeOn(schema, { now }), storeOn(schema, { now })];
      try {
        await stalled.createRun({ runId: "r", taskName: "t", status: "running", snapshot: 0 });
        const old = await stalled.acquireLease("r", "worker-a", 1_000);
        expect(await stalled.appendRun("r", { ...write(1, "a"), fencingToken: old.token })).toBe(2);
        time += 5_000;
        const fresh = await taker.acquireLease("r", "worker-b", 1_000);
        expect(fresh.token).toBeGreaterThan(old.token);
        await expect(
          stalled.appendRun("r", { ...write(2, "late"), fencingToken: old.token }),
        ).rejects.toMatchObject({ code: "RUN_CONFLICT" });
        await expect(
          stalled.putJournal({ runId: "r", key: "k", kind: "tool", state: "started" }, old.token),
        ).rejects.toMatchObject({ code: "RUN_CONFLICT" });
        expect(await taker.appendRun("r", { ...write(2, "b"), fencingToken: fresh.token })).toBe(3);
        expect((await stalled.loadRun("r"))?.run.snapshot).toBe("b");
      } finally {
        await closeAll([stalled, taker]);
      }
    });
  });

  describe("abort", () => {
    it("rejects at once while a write waits on a row lock, and the write never lands", async () => {
      const schema = newSchema();
      const store = storeOn(schema);
      const blocker = await admin.connect();
      try {
        await store.createRun({ runId: "r", taskName: "t", status: "running", snapshot: 0 });
        await blocker.query("BEGIN");
        await blocker.query(`SELECT 1 FROM "${schema}".runs WHERE run_id = 'r' FOR UPDATE`);
        const controller = new AbortController();
        const reason = new Error("stop waiting");
        const waiting = store.appendRun("r", write(1, "aborted"), { signal: controller.signal });
        await waitFor(async () => (await lockWaiters(schema)) === 1);
        const started = Date.now();
        controller.abort(reason);
        await expect(waiting).rejects.toBe(reason);
        expect(Date.now() - started).toBeLessThan(500);
        // The waiting statement was cancelled on the server, not left to run when the lock frees.
        await waitFor(async () => (await lockWaiters(schema)) === 0);
        await blocker.query("COMMIT");
        expect((await store.loadRun("r"))?.run.version).toBe(1);
        // The store goes on working.
        expect(await store.appendRun("r", write(1, "after"))).toBe(2);
      } finally {
        await blocker.query("ROLLBACK").catch(() => {});
        blocker.release();
        await store.close();
      }
    });
  });

  describe("connections", () => {
    it("names host and port in a connection error, never the password (RUN_STORE_FAILED)", async () => {
      const store = createPostgresRunStore({
        connectionString: "postgres://app:SENTINEL_PG_PASSWORD@127.0.0.1:1/appdb",
      });
      try {
        const error = await store.listRuns().then(
          () => undefined,
          (thrown: unknown) => thrown as Error & { code: string },
        );
        expect(error?.code).toBe("RUN_STORE_FAILED");
        expect(error?.message).toContain("127.0.0.1:1/appdb");
        expect(error?.message).toMatch(/ECONNREFUSED/);
        expect(String(error?.stack)).not.toContain("SENTINEL_PG_PASSWORD");
        expect(JSON.stringify(error)).not.toContain("SENTINEL_PG_PASSWORD");
      } finally {
        await store.close();
      }
    });

    it("uses a given pool and leaves it open on close(); ends its own", async () => {
      const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 2 });
      const schema = newSchema();
      const store: PostgresRunStore = createPostgresRunStore({ pool, schema });
      await store.createRun({ runId: "r", taskName: "t", status: "running", snapshot: 0 });
      await store.close();
      await expect(store.loadRun("r")).rejects.toMatchObject({ code: "RUN_STORE_FAILED" });
      const rows = await pool.query(`SELECT run_id FROM "${schema}".runs`);
      expect(rows.rows).toEqual([{ run_id: "r" }]);
      expect(pool.ending).toBe(false);
      await pool.end();
    });

    it("refuses options without exactly one of connectionString and pool, or a bad schema name", () => {
      const invalid = { code: "OPTIONS_INVALID" };
      expect(() => createPostgresRunStore({} as never)).toThrow(expect.objectContaining(invalid));
      expect(() =>
        createPostgresRunStore({ connectionString: POSTGRES_TEST_URL, pool: admin } as never),
      ).toThrow(expect.objectContaining(invalid));
      expect(() =>
        createPostgresRunStore({ connectionString: POSTGRES_TEST_URL, schema: 'x"; DROP' }),
      ).toThrow(/schema must be a name/);
      expect(() =>
        createPostgresRunStore({ connectionString: POSTGRES_TEST_URL, tablePrefix: "a-b" }),
      ).toThrow(/tablePrefix/);
    });
  });

  describe("storage", () => {
    it("keeps plain values as jsonb that SQL reads, and values jsonb cannot hold wrapped", async () => {
      const schema = newSchema();
      const store = storeOn(schema);
      try {
        const lookalike = { "$alice.json": "[1]" };
        await store.createRun({
          runId: "plain",
          taskName: "t",
          status: "running",
          snapshot: { step: 3 },
        });
        await store.createRun({
          runId: "nul",
          taskName: "t",
          status: "running",
          snapshot: "a\u0000b",
        });
        await store.createRun({
          runId: "look",
          taskName: "t",
          status: "running",
          snapshot: lookalike,
        });
        const step = await admin.query(
          `SELECT snapshot->>'step' AS step FROM "${schema}".runs WHERE run_id = 'plain'`,
        );
        expect(step.rows).toEqual([{ step: "3" }]);
        expect((await store.loadRun("nul"))?.run.snapshot).toBe("a\u0000b");
        expect((await store.loadRun("look"))?.run.snapshot).toEqual(lookalike);
      } finally {
        await store.close();
      }
    });
  });

  it("is its own entry: importing alice-agents never loads pg", () => {
    const root = resolve(import.meta.dirname, "../..");
    const script = `
      import { registerHooks } from "node:module";
      registerHooks({
        resolve(specifier, context, next) {
          if (specifier === "pg" || specifier.startsWith("pg/")) throw new Error("pg was loaded");
          return next(specifier, context);
        },
      });
      const core = await import("alice-agents");
      console.log(typeof core.AliceTask);
    `;
    const result = spawnSync(
      process.execPath,
      ["--conditions=alice-source", "--input-type=module", "-e", script],
      { cwd: root, encoding: "utf8", timeout: 30_000 },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("function");
  });
});

function write(expectedVersion: number, snapshot: string) {
  return {
    expectedVersion,
    fencingToken: 0,
    events: [{ kind: "node", data: { by: snapshot } }],
    snapshot,
    status: "running" as const,
  };
}

/** Sessions of this schema's tests waiting for a lock. */
async function lockWaiters(schema: string): Promise<number> {
  const result = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE wait_event_type = 'Lock' AND query LIKE $1`,
    [`%"${schema}"%`],
  );
  return result.rows[0]?.n ?? 0;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((done) => setTimeout(done, 20));
  }
}
