// Two processes resuming one run at once, on the stores that processes share: a SQLite file and
// PostgreSQL. Each "process" has its own store instance (its own connection); exactly one of
// the two resumes runs the rest of the run, the other is refused with RunConflictError before
// anything runs, and no node runs twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AliceTask,
  type NodeContext,
  type NodeResult,
  openSqliteRunStore,
  RunConflictError,
  type RunStore,
  type TaskResponse,
} from "alice-agents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresRunStore } from "../../src/stores/postgres/index.ts";
import {
  adminPool,
  dropSchemas,
  freshSchema,
  POSTGRES_TEST_URL,
  requirePostgres,
} from "../stores/postgres-test-server.ts";

/** a → b → c; aborts itself while b runs the first time (the run is left cancelled). */
class Steps extends AliceTask {
  readonly ran: string[] = [];
  readonly abort = new AbortController();
  constructor() {
    super({
      taskName: "steps",
      nodeEndCodeRouting: {
        a: { 0: ["b", false] },
        b: { 0: ["c", false] },
        c: { 0: [null, false] },
      },
    });
  }
  protected override checkNode(): undefined {
    return undefined;
  }
  override async executeNode(nodeName: string, ctx: NodeContext): Promise<NodeResult> {
    this.ran.push(nodeName);
    if (nodeName === "b" && this.ran.filter((n) => n === "b").length === 1) {
      this.abort.abort();
      ctx.signal.throwIfAborted();
    }
    // Long enough that the two resumes overlap.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { exitCode: 0, output: nodeName };
  }
}

async function raceTwoResumes(open: () => Promise<RunStore>): Promise<void> {
  const task = new Steps();
  const first = await open();
  const cancelled = await task.run(
    {},
    { store: first, runId: "shared", signal: task.abort.signal },
  );
  expect(cancelled.status).toBe("cancelled");
  await first.close();
  const [one, two] = [await open(), await open()];
  try {
    const results = await Promise.allSettled([
      task.resume("shared", { store: one }),
      task.resume("shared", { store: two }),
    ]);
    const refused = results.filter((r) => r.status === "rejected");
    const done = results.filter((r) => r.status === "fulfilled");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(RunConflictError);
    expect((done[0] as PromiseFulfilledResult<TaskResponse>).value.status).toBe("complete");
    // b ran once before the abort and once more; a and c once each.
    expect(task.ran).toEqual(["a", "b", "b", "c"]);
  } finally {
    await one.close();
    await two.close();
  }
}

describe("two resumes of one run at once, from two store connections", () => {
  const dir = mkdtempSync(join(tmpdir(), "alice-durable-stores-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("SQLite (one file, two connections): one resumes, the other gets RunConflictError", async () => {
    const path = join(dir, "runs.db");
    await raceTwoResumes(() => openSqliteRunStore({ path }));
  });

  describe("PostgreSQL", () => {
    const admin = adminPool();
    const schema = freshSchema();
    beforeAll(() => requirePostgres(admin));
    afterAll(async () => {
      await dropSchemas(admin, new Set([schema]));
      await admin.end();
    });

    it("two pools on one schema: one resumes, the other gets RunConflictError", async () => {
      await raceTwoResumes(async () =>
        createPostgresRunStore({ connectionString: POSTGRES_TEST_URL, schema }),
      );
    });
  });
});
