import {
  AliceTask,
  type NodeContext,
  type NodeResult,
  type RunInfo,
  type TaskEvent,
  type TaskResponse,
} from "alice-agents";
import { describe, expect, it } from "vitest";

type Hook = (run: RunInfo, response?: TaskResponse) => Promise<void> | void;

/** One node that records that it ran; setup and cleanup are given per test. */
class Hooked extends AliceTask {
  readonly log: string[] = [];
  readonly #onSetup: Hook;
  readonly #onCleanup: Hook;

  constructor(onSetup: Hook, onCleanup: Hook) {
    super({ taskName: "hooked", nodeEndCodeRouting: { work: { 0: [null, false] } } });
    this.#onSetup = onSetup;
    this.#onCleanup = onCleanup;
  }

  execute_work(ctx: NodeContext): NodeResult {
    this.log.push("work");
    ctx.emit({ type: "text-delta", nodeName: ctx.nodeName, delta: "working" });
    return { exitCode: 0, output: "done" };
  }

  // Not async: a hook that throws synchronously must fail the run like one that rejects.
  override setup(run: RunInfo): Promise<void> | void {
    this.log.push("setup");
    return this.#onSetup(run);
  }

  override cleanup(run: RunInfo, response: TaskResponse | undefined): Promise<void> | void {
    this.log.push(`cleanup:${response?.status}`);
    return this.#onCleanup(run, response);
  }
}

const nothing: Hook = () => {};
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe("setup and cleanup hooks", () => {
  it("runs setup before the first node and awaits an async cleanup before run() returns", async () => {
    let cleaned = false;
    const task = new Hooked(tick, async () => {
      await tick();
      cleaned = true;
    });
    const response = await task.run();
    expect(response.status).toBe("complete");
    expect(cleaned).toBe(true);
    expect(task.log).toEqual(["setup", "work", "cleanup:complete"]);
  });

  it.each([
    [
      "throws",
      () => {
        throw new Error("no database");
      },
    ],
    ["rejects", () => Promise.reject(new Error("no database"))],
  ])("a setup that %s fails the run before any node, and cleanup still runs", async (_, setup) => {
    const task = new Hooked(setup, nothing);
    const response = await task.run();
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("TASK_SETUP_FAILED");
    expect(response.error?.message).toContain("no database");
    expect(response.nodeReferences).toEqual([]);
    expect(task.log).toEqual(["setup", "cleanup:failed"]);
  });

  it.each([
    [
      "throws",
      () => {
        throw new Error("disk full");
      },
    ],
    ["rejects", () => Promise.reject(new Error("disk full"))],
  ])("a cleanup that %s turns a complete run into a failed one", async (_, cleanup) => {
    const response = await new Hooked(nothing, cleanup).run();
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("TASK_CLEANUP_FAILED");
    expect(response.resultDiagnostic).toContain("disk full");
    expect(response.taskOutputs).toBe("done");
  });

  it("a run nobody listens to gives the same response as a listened one", async () => {
    const task = new Hooked(nothing, nothing);
    const events: TaskEvent[] = [];
    const listened = await task.run({}, { onEvent: (e) => events.push(e) });
    const quiet = await task.run();
    const comparable = (r: TaskResponse) => ({ ...r, runId: "" });
    expect(comparable(quiet)).toEqual(comparable(listened));
    expect(events.map((e) => e.type)).toEqual([
      "task-start",
      "node-start",
      "text-delta",
      "node-end",
      "task-end",
    ]);
  });
});
