// Durable runs (issue 16) over the in-memory store: every node stored as it completes, a run
// continued after a crash (simulated in-process: the run's consumer stops mid-node, as a dying
// process would) or a cancel from its last completed node, pauses resumed through the store
// exactly once, sub-task runs stored under their parent, and a stalled owner's late write refused.
import {
  AliceError,
  AliceTask,
  MemoryRunStore,
  type NodeContext,
  type NodeResult,
  RunConflictError,
  type TaskEvent,
  type TaskResponse,
  Workflow,
} from "alice-agents";
import { describe, expect, it } from "vitest";
import { Publish } from "./fixtures/approval-workflow.ts";

/** a → b → c → d; counts what ran; a node may hang once (a process that dies while it runs). */
class Chain extends AliceTask {
  readonly ran: string[] = [];
  hangAt: string | undefined;
  constructor(taskName = "chain", nodes = ["a", "b", "c", "d"]) {
    const routing: Record<string, Record<number, [string | null, boolean]>> = {};
    nodes.forEach((node, i) => {
      routing[node] = { 0: [nodes[i + 1] ?? null, false] };
    });
    super({ taskName, nodeEndCodeRouting: routing, initialState: { total: 0 } });
  }
  protected override checkNode(): undefined {
    return undefined;
  }
  override async executeNode(nodeName: string, ctx: NodeContext): Promise<NodeResult> {
    this.ran.push(nodeName);
    if (this.hangAt === nodeName) {
      this.hangAt = undefined;
      ctx.emit({ type: "text-delta", nodeName, delta: "working" });
      await new Promise(() => {});
    }
    ctx.state.total = (ctx.state.total as number) + 1;
    return { exitCode: 0, output: `${nodeName}:${ctx.state.total}` };
  }
}

/** Drives a run until `stop` says so, then stops consuming it (the run's process "dies"). */
async function crashWhen(
  events: AsyncIterable<TaskEvent>,
  stop: (event: TaskEvent) => boolean,
): Promise<void> {
  for await (const event of events) if (stop(event)) return;
  throw new Error("the run ended before the crash point");
}

const midNode = (nodeName: string) => (event: TaskEvent) =>
  event.type === "text-delta" && event.nodeName === nodeName;

describe("a run with a store", () => {
  it("stores every node as it completes, then how it ended; the caller may choose the runId", async () => {
    const store = new MemoryRunStore();
    const kinds: string[][] = [];
    const task = new Chain();
    const response = await task.run(
      {},
      {
        store,
        runId: "run-1",
        seams: {
          // Told after the store's commit: the node is stored before the next one starts.
          async nodeCompleted({ node }) {
            const loaded = await store.loadRun("run-1");
            kinds.push(loaded!.events.map((e) => e.kind));
            expect(loaded!.events.at(-1)?.data).toEqual(node);
          },
        },
      },
    );
    expect(response.status).toBe("complete");
    expect(response.runId).toBe("run-1");
    expect(kinds.map((k) => k.length)).toEqual([1, 2, 3, 4]);
    const loaded = await store.loadRun("run-1");
    expect(loaded?.run.status).toBe("complete");
    expect(loaded?.events.map((e) => e.kind)).toEqual(["node", "node", "node", "node", "end"]);
    expect(loaded?.events.map((e) => e.data)).toEqual([
      ...response.nodeReferences,
      { status: "complete" },
    ]);
    const snapshot = loaded?.run.snapshot as Record<string, unknown>;
    expect(snapshot).toMatchObject({
      taskPath: ["chain"],
      state: { total: 4 },
      next: null,
      result: { status: "complete", resultCode: 0, taskOutputs: "d:4" },
    });
    expect(JSON.stringify(snapshot)).not.toContain('"nodeReferences"');
    await expect(store.acquireLease("run-1", "someone-else", 1000)).resolves.toBeDefined();
  });

  it("refuses a runId that is already stored, before anything runs", async () => {
    const store = new MemoryRunStore();
    const task = new Chain();
    await task.run({}, { store, runId: "taken" });
    const again = task.run({}, { store, runId: "taken" });
    await expect(again).rejects.toBeInstanceOf(RunConflictError);
    await expect(again).rejects.toThrow('resume("taken", { store })');
    expect(task.ran).toEqual(["a", "b", "c", "d"]);
  });

  it("after a crash, resume(runId) runs the interrupted node again and never a completed one", async () => {
    const store = new MemoryRunStore();
    const task = new Chain();
    task.hangAt = "c";
    await crashWhen(task.stream({}, { store, runId: "crashy" }), midNode("c"));
    expect((await store.loadRun("crashy"))?.run.status).toBe("running");
    expect(task.ran).toEqual(["a", "b", "c"]);

    const events: TaskEvent[] = [];
    const response = await task.resume("crashy", { store, onEvent: (e) => events.push(e) });
    expect(task.ran).toEqual(["a", "b", "c", "c", "d"]);
    expect(response.status).toBe("complete");
    expect(response.runId).toBe("crashy");
    expect(response.nodeReferences.map((n) => n.output)).toEqual(["a:1", "b:2", "c:3", "d:4"]);
    expect(response.state).toEqual({ total: 4 });
    expect(events[0]).toMatchObject({ type: "task-start", resumed: true });
    const loaded = await store.loadRun("crashy");
    expect(loaded?.events.map((e) => e.kind)).toEqual([
      "node",
      "node",
      "resume",
      "node",
      "node",
      "end",
    ]);
    expect(loaded?.events[2]?.data).toEqual({ from: "running", next: "c" });
  });

  it("continues a cancelled run at the node the abort stopped", async () => {
    const store = new MemoryRunStore();
    const task = new Chain();
    task.hangAt = "b";
    const controller = new AbortController();
    const cancelled = await task.run(
      {},
      { store, signal: controller.signal, onEvent: (e) => midNode("b")(e) && controller.abort() },
    );
    expect(cancelled.status).toBe("cancelled");
    expect((await store.loadRun(cancelled.runId))?.run.status).toBe("cancelled");
    const events: TaskEvent[] = [];
    for await (const event of task.resumeStream(cancelled.runId, { store })) events.push(event);
    expect(events[0]).toMatchObject({ type: "task-start", resumed: true });
    expect(events.filter((e) => e.type === "node-start").map((e) => e.nodeName)).toEqual([
      "b",
      "c",
      "d",
    ]);
    expect(events.at(-1)).toMatchObject({ type: "task-end", response: { status: "complete" } });
    expect(task.ran).toEqual(["a", "b", "b", "c", "d"]);
  });

  it("returns a finished run's stored response without running anything", async () => {
    const store = new MemoryRunStore();
    const task = new Chain();
    const first = await task.run({}, { store });
    const again = await task.resume(first.runId, { store });
    expect(again).toEqual(JSON.parse(JSON.stringify(first)));
    expect(task.ran).toEqual(["a", "b", "c", "d"]);
  });

  it("refuses what cannot be resumed before anything runs", async () => {
    const store = new MemoryRunStore();
    const task = new Chain();
    await expect(task.resume("nope", { store })).rejects.toMatchObject({ code: "RUN_NOT_FOUND" });
    const other = await new Chain("other").run({}, { store });
    await expect(task.resume(other.runId, { store })).rejects.toMatchObject({
      code: "RESUME_INVALID",
    });
    await expect(
      (task.resume as (id: string, options: object) => Promise<TaskResponse>)("x", {}),
    ).rejects.toMatchObject({ code: "OPTIONS_INVALID" });
    expect(task.ran).toEqual([]);
  });
});

describe("exactly one resume", () => {
  it("two resumes of the same run at once: one runs it, the other gets RunConflictError", async () => {
    const store = new MemoryRunStore();
    const task = new Chain();
    task.hangAt = "b";
    await crashWhen(task.stream({}, { store, runId: "twice" }), midNode("b"));
    const results = await Promise.allSettled([
      task.resume("twice", { store }),
      task.resume("twice", { store }),
    ]);
    const rejected = results.filter((r) => r.status === "rejected");
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    expect(rejected).toHaveLength(1);
    expect(fulfilled).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(RunConflictError);
    expect((fulfilled[0] as PromiseFulfilledResult<TaskResponse>).value.status).toBe("complete");
    expect(task.ran).toEqual(["a", "b", "b", "c", "d"]);
  });

  it("a paused run takes its answer once, by runId or from its saved response", async () => {
    const store = new MemoryRunStore();
    const task = new Publish();
    const paused = await task.run({ topic: "tides" }, { store });
    expect(paused.status).toBe("pending");
    const stored = await store.loadRun(paused.runId);
    expect(stored?.run.status).toBe("pending");
    expect(stored?.events.map((e) => e.kind)).toEqual(["node", "pause"]);
    // No answer: the paused response again, nothing runs.
    expect(await task.resume(paused.runId, { store })).toEqual(JSON.parse(JSON.stringify(paused)));

    const saved = JSON.parse(JSON.stringify(paused));
    const answer = { selectedOption: 0, feedback: "ship it" };
    const [first, second] = await Promise.allSettled([
      task.resume(saved, answer, { store }),
      task.resume(saved, answer, { store }),
    ]);
    expect(first).toMatchObject({ status: "fulfilled", value: { status: "complete" } });
    expect(second.status).toBe("rejected");
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(RunConflictError);
    // Later, too: the question was answered.
    await expect(task.resume(paused.runId, { store, answer })).rejects.toBeInstanceOf(
      RunConflictError,
    );
    await expect(task.resume(saved, answer, { store })).rejects.toBeInstanceOf(RunConflictError);
    const done = await store.loadRun(paused.runId);
    expect(done?.events.map((e) => e.kind)).toEqual(["node", "pause", "resume", "node", "end"]);
  });

  it("checks the answer against the stored question before anything runs", async () => {
    const store = new MemoryRunStore();
    const task = new Publish();
    const paused = await task.run({ topic: "tides" }, { store });
    await expect(
      task.resume(paused.runId, { store, answer: { selectedOption: 7 }, leaseTtlMs: 30 }),
    ).rejects.toMatchObject({ code: "RESUME_INVALID" });
    // The refused resume holds nothing and renews nothing.
    await new Promise((resolve) => setTimeout(resolve, 60));
    const lease = await store.acquireLease(paused.runId, "someone-else", 1_000);
    await store.releaseLease(lease);
    const done = await task.resume(paused.runId, { store, answer: { selectedOption: 0 } });
    expect(done.status).toBe("complete");
  });

  it("stores a paused response it was not given yet, then resumes it once", async () => {
    const store = new MemoryRunStore();
    const task = new Publish();
    const paused = JSON.parse(JSON.stringify(await task.run({ topic: "tides" })));
    const done = await task.resume(paused, { selectedOption: 0 }, { store });
    expect(done.status).toBe("complete");
    expect((await store.loadRun(paused.runId))?.run.status).toBe("complete");
    await expect(task.resume(paused, { selectedOption: 0 }, { store })).rejects.toBeInstanceOf(
      RunConflictError,
    );
  });

  it("refuses a stalled owner's late write once another process took the run over", async () => {
    const store = new MemoryRunStore();
    class Stall extends Chain {
      override async executeNode(nodeName: string, ctx: NodeContext): Promise<NodeResult> {
        if (nodeName === "b") {
          // The event loop is blocked past the lease's time to live: no renewal can happen.
          const until = Date.now() + 120;
          while (Date.now() < until) {}
          await store.acquireLease(ctx.runId, "another-process", 60_000);
        }
        return super.executeNode(nodeName, ctx);
      }
    }
    const task = new Stall();
    const response = await task.run({}, { store, runId: "stalled", leaseTtlMs: 40 });
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({ code: "RUN_CONFLICT", nodeName: "b" });
    expect(task.ran).toEqual(["a", "b"]);
    const loaded = await store.loadRun("stalled");
    expect(loaded?.run.status).toBe("running");
    expect(loaded?.events.map((e) => (e.data as { nodeName?: string }).nodeName)).toEqual(["a"]);
  });
});

describe("sub-task runs", () => {
  const workflow = () => {
    const first = new Chain("first", ["f1", "f2"]);
    const second = new Chain("second", ["s1", "s2", "s3"]);
    const flow = new Workflow({
      taskName: "flow",
      tasks: { First: first, Second: second },
      nodeEndCodeRouting: { First: { 0: ["Second", false] }, Second: { 0: [null, false] } },
    });
    return { flow, first, second };
  };

  it("are stored under their parent and continued after a crash inside one", async () => {
    const store = new MemoryRunStore();
    const { flow, first, second } = workflow();
    second.hangAt = "s2";
    await crashWhen(flow.stream({}, { store, runId: "wf", leaseTtlMs: 60 }), midNode("s2"));
    const children = await store.listRuns({ taskName: "second" });
    expect(children).toHaveLength(1);
    expect(children[0]).toMatchObject({ parentRunId: "wf", status: "running" });
    expect(children[0]?.snapshot).toMatchObject({ taskPath: ["flow", "second"] });
    // The sub-task run's node still "runs" in this process, as in a dead one it holds its lease
    // until it expires: no renewal is made once the root run stopped.
    const busy = await flow.resume("wf", { store });
    expect(busy).toMatchObject({ status: "cancelled", error: { code: "RUN_CONFLICT" } });
    expect(busy.nodeReferences.map((n) => n.nodeName)).toEqual(["First"]);
    await new Promise((resolve) => setTimeout(resolve, 120));

    const done = await flow.resume("wf", { store });
    expect(done.status).toBe("complete");
    expect(first.ran).toEqual(["f1", "f2"]);
    expect(second.ran).toEqual(["s1", "s2", "s2", "s3"]);
    const child = done.nodeReferences[1]?.references.taskResponses?.[0];
    expect(child?.runId).toBe(children[0]?.runId);
    expect(child?.nodeReferences.map((n) => n.output)).toEqual(["s1:1", "s2:2", "s3:3"]);
  });

  it("a sub-task that finished before the crash is not run again", async () => {
    const store = new MemoryRunStore();
    const { flow, first, second } = workflow();
    // Crash after First's child run stored its end, before the parent stored its node.
    await crashWhen(
      flow.stream({}, { store, runId: "wf2" }),
      (e) => e.type === "task-end" && e.taskName === "first",
    );
    expect((await store.loadRun("wf2"))?.events).toEqual([]);
    const done = await flow.resume("wf2", { store });
    expect(done.status).toBe("complete");
    expect(first.ran).toEqual(["f1", "f2"]);
    expect(second.ran).toEqual(["s1", "s2", "s3"]);
  });

  it("a pause inside a sub-task is answered through the parent, once", async () => {
    const store = new MemoryRunStore();
    const publish = new Publish();
    const flow = new Workflow({
      taskName: "editorial",
      tasks: { Publish: publish },
      nodeEndCodeRouting: { Publish: { 0: [null, false] } },
      inputVariables: { type: "object", properties: { topic: { type: "string" } } },
    });
    const paused = await flow.run({ topic: "tides" }, { store });
    expect(paused.status).toBe("pending");
    expect(paused.pending?.child?.parentRunId).toBe(paused.runId);
    const answer = { selectedOption: 0 };
    const done = await flow.resume(paused.runId, { store, answer });
    expect(done.status).toBe("complete");
    expect(done.taskOutputs).toContain('published "draft 1 about tides" (approve)');
    const child = await store.loadRun(paused.pending!.child!.runId);
    expect(child?.run.status).toBe("complete");
    await expect(flow.resume(paused.runId, { store, answer })).rejects.toBeInstanceOf(
      RunConflictError,
    );
  });
});

it("AliceError is what a store failure surfaces as", () => {
  expect(AliceError.isInstance(new RunConflictError("x"))).toBe(true);
});
