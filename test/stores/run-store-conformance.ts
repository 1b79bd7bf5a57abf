import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/messages/json.ts";
import {
  type Lease,
  type NewRun,
  RUN_SCHEMA_VERSION,
  type RunStore,
  type RunWrite,
} from "../../src/stores/run-store.ts";

/**
 * The conformance suite of the RunStore contract (src/stores/run-store.ts): every adapter (in
 * memory, SQLite, PostgreSQL) runs it from its own test file and passes all of it.
 *
 *   runStoreConformance("sqlite", ({ now }) => openSqliteRunStore({ path: ":memory:", now }), {
 *     setSchemaVersion: …, storedBytes: (store) => store.storedBytes(),
 *   });
 *
 * `makeStore` is called before each test with the suite's fake clock: pass `now` on to the
 * adapter (its `RunStoreOptions.now`), so that lease expiry and time windows are decided by the
 * test, not by the wall clock. The store it returns must hold no run. After each test the suite
 * closes the store, then calls `cleanup` (drop a schema, delete a file).
 */

/** What the suite gives `makeStore`. */
export interface ConformanceContext {
  /** The suite's fake clock (epoch ms): give it to the adapter as its `now` option. */
  now: () => number;
}

/** Adapter-specific hooks: the two tests that need one are skipped without it (and say so). */
export interface ConformanceHooks {
  /** Called after each test, once the suite has closed the store. */
  cleanup?: (store: RunStore) => Promise<void> | void;
  /** Rewrites a stored run's schemaVersion behind the store's back (a run of another version). */
  setSchemaVersion?: (
    store: RunStore,
    runId: string,
    schemaVersion: number,
  ) => Promise<void> | void;
  /**
   * The bytes the store's data takes now, measured as physically as the adapter can (SQLite: the
   * database's used pages). The suite measures a store that holds one run.
   */
  storedBytes?: (store: RunStore) => Promise<number> | number;
}

/** A clock the tests move by hand. */
interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

const START = Date.parse("2031-05-06T07:08:09.000Z");

function fakeClock(): FakeClock {
  let time = START;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

function newRun(runId: string, overrides: Partial<NewRun> = {}): NewRun {
  return { runId, taskName: "research", status: "running", snapshot: { step: 0 }, ...overrides };
}

function write(expectedVersion: number, overrides: Partial<RunWrite> = {}): RunWrite {
  return {
    expectedVersion,
    fencingToken: 0,
    events: [{ kind: "node", data: { node: `n${expectedVersion}`, exitCode: 0 } }],
    snapshot: { step: expectedVersion },
    status: "running",
    ...overrides,
  };
}

const conflict = { name: "RunConflictError", code: "RUN_CONFLICT" };
const notFound = { name: "RunStoreError", code: "RUN_NOT_FOUND" };
const storeFailed = { name: "RunStoreError", code: "RUN_STORE_FAILED" };
const invalid = { name: "OptionsError", code: "OPTIONS_INVALID" };

/** Values a snapshot, an event or a journal entry must carry unchanged. */
const TRICKY_JSON: JsonValue = {
  unicode: "héllo wörld — 日本語 🧪👩‍🔬 עברית \u0000 nul, \ud800 lone surrogate, \u2028 separator",
  quotes: `"double" 'single' \\ back\nslash\ttab`,
  numbers: [0, -1, 1.5, -2.25e-7, 1e300, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
  literals: [true, false, null],
  empty: { object: {}, array: [], string: "" },
  "key with spaces.and.dots": { "": "empty key", ключ: "значение" },
  nested: Array.from({ length: 40 }).reduce<JsonValue>((inner, _, i) => ({ level: i, inner }), {
    bottom: [1, [2, [3, [4]]]],
  }),
  large: "large ".repeat(200_000),
};

/** Defines the describe/it blocks that check every promise of the RunStore contract. */
export function runStoreConformance(
  name: string,
  makeStore: (context: ConformanceContext) => Promise<RunStore> | RunStore,
  hooks: ConformanceHooks | ConformanceHooks["cleanup"] = {},
): void {
  const { cleanup, setSchemaVersion, storedBytes } =
    typeof hooks === "function" ? { cleanup: hooks } : hooks;

  describe(`RunStore conformance: ${name}`, () => {
    let store: RunStore;
    let clock: FakeClock;

    beforeEach(async () => {
      clock = fakeClock();
      store = await makeStore({ now: clock.now });
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.(store);
    });

    /** Takes a lease as `owner` and returns it. */
    const lease = (runId: string, owner = "worker-a", ttlMs = 10_000): Promise<Lease> =>
      store.acquireLease(runId, owner, ttlMs);

    describe("createRun and loadRun", () => {
      it("stores a new run at version 1 with the schema version and the clock's times", async () => {
        const created = await store.createRun(newRun("r1", { snapshot: { step: 0, vars: {} } }));
        const at = new Date(START).toISOString();
        const expected = {
          runId: "r1",
          taskName: "research",
          status: "running",
          version: 1,
          schemaVersion: RUN_SCHEMA_VERSION,
          createdAt: at,
          updatedAt: at,
          snapshot: { step: 0, vars: {} },
        };
        expect(created).toEqual(expected);
        expect(await store.loadRun("r1")).toEqual({ run: expected, events: [] });
      });

      it("round-trips JSON values: unicode, NUL, lone surrogates, nesting, numbers, 1 MB", async () => {
        await store.createRun(newRun("json", { snapshot: TRICKY_JSON }));
        const loaded = await store.loadRun("json");
        expect(loaded?.run.snapshot).toEqual(TRICKY_JSON);
        for (const snapshot of [null, 0, "text", [], false] as JsonValue[]) {
          const runId = `scalar-${JSON.stringify(snapshot)}`;
          await store.createRun(newRun(runId, { snapshot }));
          expect((await store.loadRun(runId))?.run.snapshot).toEqual(snapshot);
        }
      });

      it("keeps parentRunId and threadId, and leaves them out when not given", async () => {
        await store.createRun(newRun("child", { parentRunId: "parent", threadId: "t-1" }));
        await store.createRun(newRun("plain"));
        const child = await store.loadRun("child");
        expect(child?.run).toMatchObject({ parentRunId: "parent", threadId: "t-1" });
        const plain = await store.loadRun("plain");
        expect(Object.keys(plain?.run ?? {})).not.toContain("parentRunId");
        expect(Object.keys(plain?.run ?? {})).not.toContain("threadId");
      });

      it("gives copies: changing what was written or read changes nothing stored", async () => {
        const snapshot = { list: [1, 2] };
        const created = await store.createRun(newRun("copy", { snapshot }));
        snapshot.list.push(3);
        (created.snapshot as { list: number[] }).list.push(4);
        const first = await store.loadRun("copy");
        (first!.run.snapshot as { list: number[] }).list.push(5);
        expect((await store.loadRun("copy"))?.run.snapshot).toEqual({ list: [1, 2] });
      });

      it("refuses to create a run twice (RUN_CONFLICT) and keeps the first", async () => {
        await store.createRun(newRun("twice", { snapshot: "first" }));
        await expect(
          store.createRun(newRun("twice", { snapshot: "second" })),
        ).rejects.toMatchObject(conflict);
        expect((await store.loadRun("twice"))?.run).toMatchObject({
          snapshot: "first",
          version: 1,
        });
      });

      it("loads undefined for a run it does not have", async () => {
        expect(await store.loadRun("missing")).toBeUndefined();
      });
    });

    describe("appendRun", () => {
      it("appends events numbered from 1, replaces snapshot and status, returns each new version", async () => {
        await store.createRun(newRun("r"));
        clock.advance(1_000);
        expect(
          await store.appendRun(
            "r",
            write(1, {
              events: [
                { kind: "node", data: { node: "a", output: TRICKY_JSON } },
                { kind: "pause", data: null },
              ],
            }),
          ),
        ).toBe(2);
        clock.advance(1_000);
        expect(
          await store.appendRun("r", write(2, { snapshot: { step: 2 }, status: "complete" })),
        ).toBe(3);
        const loaded = await store.loadRun("r");
        expect(loaded?.run).toMatchObject({
          version: 3,
          status: "complete",
          snapshot: { step: 2 },
          createdAt: new Date(START).toISOString(),
          updatedAt: new Date(START + 2_000).toISOString(),
        });
        expect(loaded?.events).toEqual([
          {
            seq: 1,
            kind: "node",
            data: { node: "a", output: TRICKY_JSON },
            at: new Date(START + 1_000).toISOString(),
          },
          { seq: 2, kind: "pause", data: null, at: new Date(START + 1_000).toISOString() },
          {
            seq: 3,
            kind: "node",
            data: { node: "n2", exitCode: 0 },
            at: new Date(START + 2_000).toISOString(),
          },
        ]);
      });

      it("takes a write without events: a new version and snapshot", async () => {
        await store.createRun(newRun("r"));
        expect(await store.appendRun("r", write(1, { events: [], snapshot: "only" }))).toBe(2);
        const loaded = await store.loadRun("r");
        expect(loaded?.run).toMatchObject({ version: 2, snapshot: "only" });
        expect(loaded?.events).toEqual([]);
      });

      it("refuses a stale expectedVersion (RUN_CONFLICT) and writes nothing", async () => {
        await store.createRun(newRun("r"));
        await store.appendRun("r", write(1));
        const before = await store.loadRun("r");
        for (const stale of [1, 3]) {
          await expect(
            store.appendRun("r", write(stale, { snapshot: "lost", status: "failed" })),
          ).rejects.toMatchObject(conflict);
        }
        expect(await store.loadRun("r")).toEqual(before);
      });

      it("lets exactly one of two writers of the same version win", async () => {
        await store.createRun(newRun("race"));
        const results = await Promise.allSettled([
          store.appendRun("race", write(1, { snapshot: "a" })),
          store.appendRun("race", write(1, { snapshot: "b" })),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const refused = results.find((r) => r.status === "rejected");
        expect(refused?.reason).toMatchObject(conflict);
        const loaded = await store.loadRun("race");
        expect(loaded?.run.version).toBe(2);
        expect(loaded?.events).toHaveLength(1);
      });

      it("throws RUN_NOT_FOUND for a run it does not have", async () => {
        await expect(store.appendRun("missing", write(1))).rejects.toMatchObject(notFound);
      });
    });

    describe("leases and fencing tokens", () => {
      it("gives a lease with a token, the owner and its expiry; its token writes", async () => {
        await store.createRun(newRun("r"));
        const held = await lease("r", "worker-a", 30_000);
        expect(held).toEqual({
          runId: "r",
          owner: "worker-a",
          token: expect.any(Number),
          expiresAt: START + 30_000,
        });
        expect(held.token).toBeGreaterThan(0);
        expect(await store.appendRun("r", write(1, { fencingToken: held.token }))).toBe(2);
      });

      it("writes a run that was never leased with token 0, and refuses token 0 once leased", async () => {
        await store.createRun(newRun("r"));
        expect(await store.appendRun("r", write(1))).toBe(2);
        const held = await lease("r");
        await expect(store.appendRun("r", write(2))).rejects.toMatchObject(conflict);
        expect(await store.appendRun("r", write(2, { fencingToken: held.token }))).toBe(3);
      });

      it("refuses another owner while the lease is held (RUN_CONFLICT)", async () => {
        await store.createRun(newRun("r"));
        await lease("r", "worker-a", 10_000);
        clock.advance(9_000);
        await expect(lease("r", "worker-b")).rejects.toMatchObject(conflict);
      });

      it("renews for the same owner with a greater token; the older token no longer writes", async () => {
        await store.createRun(newRun("r"));
        const first = await lease("r", "worker-a", 10_000);
        clock.advance(5_000);
        const renewed = await lease("r", "worker-a", 10_000);
        expect(renewed.token).toBeGreaterThan(first.token);
        expect(renewed.expiresAt).toBe(START + 15_000);
        await expect(
          store.appendRun("r", write(1, { fencingToken: first.token })),
        ).rejects.toMatchObject(conflict);
        expect(await store.appendRun("r", write(1, { fencingToken: renewed.token }))).toBe(2);
      });

      it("lets another owner take an expired lease; the stalled owner's late write is refused and nothing lands", async () => {
        await store.createRun(newRun("r"));
        const stalled = await lease("r", "worker-a", 10_000);
        expect(await store.appendRun("r", write(1, { fencingToken: stalled.token }))).toBe(2);
        clock.advance(10_001);
        const taker = await lease("r", "worker-b", 10_000);
        expect(taker.token).toBeGreaterThan(stalled.token);
        const before = await store.loadRun("r");
        // The right version, a token one lease too old: refused.
        await expect(
          store.appendRun("r", write(2, { fencingToken: stalled.token, snapshot: "late" })),
        ).rejects.toMatchObject(conflict);
        expect(await store.loadRun("r")).toEqual(before);
        expect(await store.appendRun("r", write(2, { fencingToken: taker.token }))).toBe(3);
      });

      it("still writes with the newest token after it expired, while no one took the run", async () => {
        await store.createRun(newRun("r"));
        const held = await lease("r", "worker-a", 1_000);
        clock.advance(60_000);
        expect(await store.appendRun("r", write(1, { fencingToken: held.token }))).toBe(2);
      });

      it("refuses a token greater than any it gave", async () => {
        await store.createRun(newRun("r"));
        const held = await lease("r");
        await expect(
          store.appendRun("r", write(1, { fencingToken: held.token + 1 })),
        ).rejects.toMatchObject(conflict);
      });

      it("release lets another owner in at once; releasing a superseded lease does nothing", async () => {
        await store.createRun(newRun("r"));
        const a = await lease("r", "worker-a");
        await store.releaseLease(a);
        const b = await lease("r", "worker-b");
        expect(b.token).toBeGreaterThan(a.token);
        await store.releaseLease(a);
        await expect(lease("r", "worker-c")).rejects.toMatchObject(conflict);
        await store.releaseLease({ ...b, runId: "missing" });
      });

      it("never gives a token twice, even to a deleted and re-created run", async () => {
        await store.createRun(newRun("r"));
        const old = await lease("r", "worker-a");
        await store.deleteRun("r");
        await store.createRun(newRun("r"));
        const fresh = await lease("r", "worker-b");
        expect(fresh.token).toBeGreaterThan(old.token);
        await expect(
          store.appendRun("r", write(1, { fencingToken: old.token })),
        ).rejects.toMatchObject(conflict);
        await store.createRun(newRun("other"));
        expect((await lease("other")).token).toBeGreaterThan(fresh.token);
      });

      it("throws RUN_NOT_FOUND when leasing a run it does not have", async () => {
        await expect(lease("missing")).rejects.toMatchObject(notFound);
      });
    });

    describe("journal", () => {
      it("gets undefined, then what was put, then its update", async () => {
        await store.createRun(newRun("r"));
        const held = await lease("r");
        expect(await store.getJournal("r", "step-1/model/1")).toBeUndefined();
        await store.putJournal(
          { runId: "r", key: "step-1/model/1", kind: "model", state: "started" },
          held.token,
        );
        expect(await store.getJournal("r", "step-1/model/1")).toEqual({
          runId: "r",
          key: "step-1/model/1",
          kind: "model",
          state: "started",
          updatedAt: new Date(START).toISOString(),
        });
        clock.advance(2_000);
        await store.putJournal(
          {
            runId: "r",
            key: "step-1/model/1",
            kind: "model",
            state: "completed",
            value: TRICKY_JSON,
          },
          held.token,
        );
        expect(await store.getJournal("r", "step-1/model/1")).toEqual({
          runId: "r",
          key: "step-1/model/1",
          kind: "model",
          state: "completed",
          value: TRICKY_JSON,
          updatedAt: new Date(START + 2_000).toISOString(),
        });
      });

      it("keeps entries per run and key", async () => {
        await store.createRun(newRun("r1"));
        await store.createRun(newRun("r2"));
        await store.putJournal(
          { runId: "r1", key: "k", kind: "tool", state: "completed", value: 1 },
          0,
        );
        await store.putJournal(
          { runId: "r2", key: "k", kind: "tool", state: "failed", value: 2 },
          0,
        );
        await store.putJournal({ runId: "r1", key: "k2", kind: "tool", state: "started" }, 0);
        expect(await store.getJournal("r1", "k")).toMatchObject({ state: "completed", value: 1 });
        expect(await store.getJournal("r2", "k")).toMatchObject({ state: "failed", value: 2 });
        expect(await store.getJournal("r2", "k2")).toBeUndefined();
      });

      it("fences writes: a stale token is refused (RUN_CONFLICT) and the entry is unchanged", async () => {
        await store.createRun(newRun("r"));
        const a = await lease("r", "worker-a", 1_000);
        await store.putJournal({ runId: "r", key: "k", kind: "tool", state: "started" }, a.token);
        clock.advance(2_000);
        await lease("r", "worker-b");
        await expect(
          store.putJournal(
            { runId: "r", key: "k", kind: "tool", state: "completed", value: "late" },
            a.token,
          ),
        ).rejects.toMatchObject(conflict);
        expect(await store.getJournal("r", "k")).toMatchObject({ state: "started" });
      });

      it("does not change the run's version", async () => {
        await store.createRun(newRun("r"));
        await store.putJournal({ runId: "r", key: "k", kind: "model", state: "started" }, 0);
        expect((await store.loadRun("r"))?.run.version).toBe(1);
      });

      it("throws RUN_NOT_FOUND when writing to a run it does not have", async () => {
        await expect(
          store.putJournal({ runId: "missing", key: "k", kind: "tool", state: "started" }, 0),
        ).rejects.toMatchObject(notFound);
        expect(await store.getJournal("missing", "k")).toBeUndefined();
      });
    });

    describe("listRuns", () => {
      /** Runs a..e, one second apart, with task, status and thread as given. */
      const seed = async (): Promise<void> => {
        const rows: [string, string, NewRun["status"], string | undefined][] = [
          ["a", "research", "complete", "t1"],
          ["b", "research", "running", "t2"],
          ["c", "summary", "failed", "t1"],
          ["d", "research", "pending", undefined],
          ["e", "summary", "complete", undefined],
        ];
        for (const [runId, taskName, status, threadId] of rows) {
          await store.createRun(
            newRun(runId, { taskName, status, ...(threadId ? { threadId } : {}) }),
          );
          clock.advance(1_000);
        }
      };
      const ids = async (query?: Parameters<RunStore["listRuns"]>[0]): Promise<string[]> =>
        (await store.listRuns(query)).map((run) => run.runId);

      it("lists the most recently updated first; an append moves a run to the front", async () => {
        await seed();
        expect(await ids()).toEqual(["e", "d", "c", "b", "a"]);
        await store.appendRun("b", write(1));
        expect(await ids()).toEqual(["b", "e", "d", "c", "a"]);
        expect((await store.listRuns())[0]).toMatchObject({ runId: "b", version: 2 });
      });

      it("filters by task, status (one or a list), thread, and all of them together", async () => {
        await seed();
        expect(await ids({ taskName: "research" })).toEqual(["d", "b", "a"]);
        expect(await ids({ status: "complete" })).toEqual(["e", "a"]);
        expect(await ids({ status: ["failed", "pending"] })).toEqual(["d", "c"]);
        expect(await ids({ status: [] })).toEqual([]);
        expect(await ids({ threadId: "t1" })).toEqual(["c", "a"]);
        expect(await ids({ taskName: "summary", status: ["complete"], threadId: "t1" })).toEqual(
          [],
        );
        expect(await ids({ taskName: "research", threadId: "t1" })).toEqual(["a"]);
        expect(await ids({ taskName: "nothing" })).toEqual([]);
      });

      it("filters by a time window: updatedAfter inclusive, updatedBefore exclusive", async () => {
        await seed();
        const at = (s: number) => new Date(START + s * 1_000).toISOString();
        expect(await ids({ updatedAfter: at(1) })).toEqual(["e", "d", "c", "b"]);
        expect(await ids({ updatedBefore: at(3) })).toEqual(["c", "b", "a"]);
        expect(await ids({ updatedAfter: at(1), updatedBefore: at(3) })).toEqual(["c", "b"]);
        expect(await ids({ updatedAfter: at(10) })).toEqual([]);
      });

      it("returns at most limit runs, 100 by default", async () => {
        for (let i = 0; i < 105; i++) {
          await store.createRun(newRun(`run-${String(i).padStart(3, "0")}`));
          clock.advance(10);
        }
        const all = await store.listRuns();
        expect(all).toHaveLength(100);
        expect(all[0]?.runId).toBe("run-104");
        expect(await ids({ limit: 2, taskName: "research" })).toEqual(["run-104", "run-103"]);
        expect(await ids({ limit: 0 })).toEqual([]);
      });
    });

    describe("deleteRun", () => {
      it("deletes the run with its events, journal and lease; false the second time", async () => {
        await store.createRun(newRun("r"));
        const held = await lease("r", "worker-a", 60_000);
        await store.appendRun("r", write(1, { fencingToken: held.token }));
        await store.putJournal(
          { runId: "r", key: "k", kind: "tool", state: "started" },
          held.token,
        );
        expect(await store.deleteRun("r")).toBe(true);
        expect(await store.loadRun("r")).toBeUndefined();
        expect(await store.getJournal("r", "k")).toBeUndefined();
        expect(await store.listRuns()).toEqual([]);
        expect(await store.deleteRun("r")).toBe(false);
        // Re-created: no old events, no old journal entry, and no old lease in the way.
        await store.createRun(newRun("r"));
        expect((await store.loadRun("r"))?.events).toEqual([]);
        expect(await store.getJournal("r", "k")).toBeUndefined();
        await expect(lease("r", "worker-b")).resolves.toMatchObject({ owner: "worker-b" });
      });

      it("deletes only that run", async () => {
        await store.createRun(newRun("keep"));
        await store.appendRun("keep", write(1));
        await store.putJournal({ runId: "keep", key: "k", kind: "tool", state: "started" }, 0);
        await store.createRun(newRun("drop"));
        await store.deleteRun("drop");
        expect((await store.loadRun("keep"))?.events).toHaveLength(1);
        expect(await store.getJournal("keep", "k")).toBeDefined();
      });
    });

    describe("pruneRuns", () => {
      /** f1..f4 finished and u1 unfinished, one second apart; returns the time of each. */
      const seed = async (): Promise<Record<string, string>> => {
        const times: Record<string, string> = {};
        const rows: [string, NewRun["status"]][] = [
          ["f1", "complete"],
          ["u1", "running"],
          ["f2", "failed"],
          ["f3", "cancelled"],
          ["u2", "pending"],
          ["f4", "complete"],
        ];
        for (const [runId, status] of rows) {
          await store.createRun(newRun(runId, { status }));
          times[runId] = new Date(clock.now()).toISOString();
          clock.advance(1_000);
        }
        return times;
      };
      const ids = async (): Promise<string[]> =>
        (await store.listRuns()).map((run) => run.runId).sort();

      it("deletes finished runs not updated since olderThan (an ISO time or a Date)", async () => {
        const times = await seed();
        expect(await store.pruneRuns({ olderThan: times.f3! })).toBe(2);
        expect(await ids()).toEqual(["f3", "f4", "u1", "u2"]);
        expect(await store.pruneRuns({ olderThan: new Date(clock.now()) })).toBe(2);
        expect(await ids()).toEqual(["u1", "u2"]);
      });

      it("keeps the keepLast most recently updated finished runs", async () => {
        await seed();
        expect(await store.pruneRuns({ keepLast: 3 })).toBe(1);
        expect(await ids()).toEqual(["f2", "f3", "f4", "u1", "u2"]);
        expect(await store.pruneRuns({ keepLast: 0 })).toBe(3);
        expect(await ids()).toEqual(["u1", "u2"]);
      });

      it("with both, deletes only what is old and beyond keepLast", async () => {
        const times = await seed();
        expect(await store.pruneRuns({ olderThan: times.f4!, keepLast: 2 })).toBe(2);
        expect(await ids()).toEqual(["f3", "f4", "u1", "u2"]);
      });

      it("prunes unfinished runs too with includeUnfinished", async () => {
        const times = await seed();
        expect(
          await store.pruneRuns({ olderThan: times.f3!, keepLast: 1, includeUnfinished: true }),
        ).toBe(3);
        expect(await ids()).toEqual(["f3", "f4", "u2"]);
      });

      it("deletes the pruned runs' events and journal", async () => {
        await store.createRun(newRun("old"));
        await store.appendRun("old", write(1, { status: "complete" }));
        await store.putJournal({ runId: "old", key: "k", kind: "model", state: "completed" }, 0);
        clock.advance(1_000);
        expect(await store.pruneRuns({ olderThan: new Date(clock.now()) })).toBe(1);
        expect(await store.loadRun("old")).toBeUndefined();
        expect(await store.getJournal("old", "k")).toBeUndefined();
      });

      it("refuses an empty policy (OPTIONS_INVALID) and deletes nothing", async () => {
        await seed();
        await expect(store.pruneRuns({})).rejects.toMatchObject(invalid);
        expect(await ids()).toHaveLength(6);
      });
    });

    describe("schemaVersion", () => {
      it.skipIf(setSchemaVersion === undefined)(
        `refuses a run of an unknown schemaVersion with RUN_STORE_FAILED, naming both versions${setSchemaVersion ? "" : " (skipped: give hooks.setSchemaVersion)"}`,
        async () => {
          await store.createRun(newRun("future", { status: "complete" }));
          await store.createRun(newRun("current"));
          await setSchemaVersion!(store, "future", RUN_SCHEMA_VERSION + 1);
          const refusal = store.loadRun("future");
          await expect(refusal).rejects.toMatchObject(storeFailed);
          await expect(refusal).rejects.toThrow(
            new RegExp(
              `schemaVersion ${RUN_SCHEMA_VERSION + 1}.*schemaVersion ${RUN_SCHEMA_VERSION}`,
            ),
          );
          await expect(store.appendRun("future", write(1))).rejects.toMatchObject(storeFailed);
          await expect(store.listRuns()).rejects.toMatchObject(storeFailed);
          expect(
            (await store.listRuns({ taskName: "research", status: "running" }))[0]?.runId,
          ).toBe("current");
          expect(await store.deleteRun("future")).toBe(true);
          await store.createRun(newRun("older", { status: "complete" }));
          await setSchemaVersion!(store, "older", 0);
          await expect(store.loadRun("older")).rejects.toMatchObject(storeFailed);
          expect(await store.pruneRuns({ keepLast: 0 })).toBe(1);
        },
      );
    });

    describe("abort and close", () => {
      it("rejects every call with the signal's reason when it has fired, and writes nothing", async () => {
        await store.createRun(newRun("r"));
        const controller = new AbortController();
        const reason = new Error("stop");
        controller.abort(reason);
        const signal = { signal: controller.signal };
        const held: Lease = { runId: "r", owner: "x", token: 0, expiresAt: 0 };
        const calls: [string, () => Promise<unknown>][] = [
          ["createRun", () => store.createRun(newRun("new"), signal)],
          ["appendRun", () => store.appendRun("r", write(1), signal)],
          ["loadRun", () => store.loadRun("r", signal)],
          ["getJournal", () => store.getJournal("r", "k", signal)],
          [
            "putJournal",
            () =>
              store.putJournal({ runId: "r", key: "k", kind: "tool", state: "started" }, 0, signal),
          ],
          ["acquireLease", () => store.acquireLease("r", "x", 1_000, signal)],
          ["releaseLease", () => store.releaseLease(held, signal)],
          ["listRuns", () => store.listRuns({}, signal)],
          ["deleteRun", () => store.deleteRun("r", signal)],
          ["pruneRuns", () => store.pruneRuns({ keepLast: 0, includeUnfinished: true }, signal)],
        ];
        for (const [method, call] of calls) {
          await expect(call(), method).rejects.toBe(reason);
        }
        expect(await store.loadRun("new")).toBeUndefined();
        const loaded = await store.loadRun("r");
        expect(loaded?.run.version).toBe(1);
        expect(await store.getJournal("r", "k")).toBeUndefined();
        // No lease was taken: token 0 still writes.
        expect(await store.appendRun("r", write(1))).toBe(2);
      });

      it("rejects calls after close with RUN_STORE_FAILED; close twice is fine", async () => {
        await store.createRun(newRun("r"));
        await store.close();
        await store.close();
        await expect(store.loadRun("r")).rejects.toMatchObject(storeFailed);
        await expect(store.createRun(newRun("s"))).rejects.toMatchObject(storeFailed);
      });
    });

    describe("arguments", () => {
      it("refuses invalid arguments with OPTIONS_INVALID before writing anything", async () => {
        await store.createRun(newRun("r"));
        const cyclic: { self?: unknown } = {};
        cyclic.self = cyclic;
        const bad: [string, () => Promise<unknown>][] = [
          [
            "undefined snapshot",
            () => store.createRun(newRun("x", { snapshot: undefined as never })),
          ],
          ["empty runId", () => store.createRun(newRun(""))],
          ["unknown status", () => store.createRun(newRun("x", { status: "done" as never }))],
          [
            "cyclic event",
            () =>
              store.appendRun("r", write(1, { events: [{ kind: "node", data: cyclic as never }] })),
          ],
          ["version 0", () => store.appendRun("r", write(0))],
          ["ttl 0", () => store.acquireLease("r", "a", 0)],
          [
            "unknown journal state",
            () =>
              store.putJournal({ runId: "r", key: "k", kind: "tool", state: "done" as never }, 0),
          ],
          ["bad time", () => store.listRuns({ updatedAfter: "yesterday" })],
          ["negative limit", () => store.listRuns({ limit: -1 })],
        ];
        for (const [what, call] of bad) await expect(call(), what).rejects.toMatchObject(invalid);
        expect(await store.loadRun("x")).toBeUndefined();
        expect((await store.loadRun("r"))?.run.version).toBe(1);
      });
    });

    describe("bytes stored", () => {
      it.skipIf(storedBytes === undefined)(
        `grow linearly with the nodes: bytes per node after 1,000 nodes within 2x of after 100, and under 3x an event's JSON${storedBytes ? "" : " (skipped: give hooks.storedBytes)"}`,
        { timeout: 120_000 },
        async () => {
          await store.createRun(newRun("long"));
          const empty = await storedBytes!(store);
          // The snapshot grows with the run (the nodes visited so far), as a run's state does:
          // a store that kept a snapshot per step would grow quadratically and fail.
          const visited: string[] = [];
          const output = "o".repeat(300);
          const perNode = new Map<number, number>();
          let eventBytes = 0;
          let version = 1;
          for (let i = 1; i <= 1_000; i++) {
            const node = `node-${String(i).padStart(4, "0")}`;
            visited.push(node);
            const event = { kind: "node", data: { node, exitCode: 0, output } };
            eventBytes = Buffer.byteLength(JSON.stringify(event));
            version = await store.appendRun("long", {
              expectedVersion: version,
              fencingToken: 0,
              events: [event],
              snapshot: { step: i, next: `node-${i + 1}`, visited },
              status: "running",
            });
            if (i === 100 || i === 1_000) perNode.set(i, ((await storedBytes!(store)) - empty) / i);
          }
          const at100 = perNode.get(100)!;
          const at1000 = perNode.get(1_000)!;
          expect(at1000 / at100).toBeGreaterThan(0.5);
          expect(at1000 / at100).toBeLessThan(2);
          expect(at1000).toBeLessThan(3 * eventBytes);
          expect((await store.loadRun("long"))?.events).toHaveLength(1_000);
        },
      );
    });
  });
}
