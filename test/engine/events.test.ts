import {
  AliceTask,
  type NodeContext,
  type NodeResult,
  type TaskEvent,
  Workflow,
} from "alice-agents";
import { describe, expect, it } from "vitest";

class Talker extends AliceTask {
  constructor() {
    super({
      taskName: "talker",
      nodeEndCodeRouting: { speak: { 0: ["sign", false] }, sign: { 0: [null, false] } },
    });
  }

  async execute_speak(ctx: NodeContext): Promise<NodeResult> {
    for (const delta of ["Hel", "lo"]) {
      ctx.emit({ type: "text-delta", nodeName: ctx.nodeName, delta });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { exitCode: 0, output: "Hello" };
  }

  execute_sign(ctx: NodeContext): NodeResult {
    return { exitCode: 0, output: `${ctx.inputs.speak}, signed` };
  }
}

/** A node that waits for the abort signal (or 10 s). */
class Waiter extends AliceTask {
  constructor() {
    super({
      taskName: "waiter",
      nodeEndCodeRouting: { first: { 0: ["wait", false] }, wait: { 0: [null, false] } },
    });
  }

  execute_first(): NodeResult {
    return { exitCode: 0, output: "done before the abort" };
  }

  execute_wait(ctx: NodeContext): Promise<NodeResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ exitCode: 0 }), 10_000);
      ctx.signal.addEventListener("abort", () => clearTimeout(timer));
    });
  }
}

describe("events", () => {
  it("stream() yields typed events as they happen, ending with task-end; run() sees the same ones", async () => {
    const streamed: TaskEvent[] = [];
    for await (const event of new Talker().stream()) streamed.push(event);
    expect(streamed.map((e) => (e.type === "text-delta" ? `delta:${e.delta}` : e.type))).toEqual([
      "task-start",
      "node-start",
      "delta:Hel",
      "delta:lo",
      "node-end",
      "node-start",
      "node-end",
      "task-end",
    ]);
    const last = streamed.at(-1);
    expect(last?.type === "task-end" && last.response.taskOutputs).toBe("Hello, signed");

    const seen: string[] = [];
    await new Talker().run({}, { onEvent: (e) => seen.push(e.type) });
    expect(seen).toEqual(streamed.map((e) => e.type));
  });

  it("a text delta reaches the stream while its node is still running", async () => {
    const order: string[] = [];
    class Slow extends AliceTask {
      async execute_a(ctx: NodeContext): Promise<NodeResult> {
        ctx.emit({ type: "text-delta", nodeName: "a", delta: "early" });
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push("node finished");
        return { exitCode: 0 };
      }
    }
    const task = new Slow({ taskName: "slow", nodeEndCodeRouting: { a: { 0: [null, false] } } });
    for await (const event of task.stream()) {
      if (event.type === "text-delta") order.push("delta received");
    }
    expect(order).toEqual(["delta received", "node finished"]);
  });

  it("sub-task events come through the workflow's stream, marked with the sub-task's run", async () => {
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Talk: new Talker() },
      nodeEndCodeRouting: { Talk: { 0: [null, false] } },
    });
    const events: TaskEvent[] = [];
    const response = await workflow.run({}, { onEvent: (e) => events.push(e) });
    const deltas = events.filter((e) => e.type === "text-delta");
    expect(deltas.map((e) => e.taskName)).toEqual(["talker", "talker"]);
    const childRun = response.nodeReferences[0]?.references.taskResponses?.[0]?.runId;
    expect(deltas.every((e) => e.runId === childRun)).toBe(true);
    expect(events.at(-1)?.type).toBe("task-end");
    expect(events.at(-1)?.runId).toBe(response.runId);
  });
});

describe("ctx.streaming", () => {
  it("tells nodes whether anyone receives events as they happen", async () => {
    const seen: boolean[] = [];
    class Probe extends AliceTask {
      execute_a(ctx: NodeContext): NodeResult {
        seen.push(ctx.streaming);
        return { exitCode: 0 };
      }
    }
    const task = new Probe({ taskName: "probe", nodeEndCodeRouting: { a: { 0: [null, false] } } });
    await task.run();
    await task.run({}, { onEvent: () => {} });
    for await (const _ of task.stream()) {
      // drain
    }
    expect(seen).toEqual([false, true, true]);
  });
});

describe("abort", () => {
  it("ends the run cancelled mid-node, history kept", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = new Waiter().run(
      {},
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === "node-start" && e.nodeName === "wait")
            setTimeout(() => controller.abort(), 10);
        },
      },
    );
    const response = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe("cancelled");
    expect(response.error).toMatchObject({ code: "ABORTED", nodeName: "wait" });
    expect(response.nodeReferences.map((n) => n.output)).toEqual(["done before the abort"]);
  });

  it("reaches sub-tasks: an aborted workflow cancels the running sub-task too", async () => {
    const controller = new AbortController();
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Wait: new Waiter() },
      nodeEndCodeRouting: { Wait: { 0: [null, false] } },
    });
    const response = await workflow.run(
      {},
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === "node-start" && e.nodeName === "wait") controller.abort();
        },
      },
    );
    expect(response.status).toBe("cancelled");
    expect(response.error?.code).toBe("ABORTED");
  });

  it("an already aborted signal runs no node", async () => {
    const response = await new Talker().run({}, { signal: AbortSignal.abort() });
    expect(response.status).toBe("cancelled");
    expect(response.nodeReferences).toEqual([]);
  });
});
