// The run's seams, exercised with fakes of what later plugs in: a store (nodeCompleted, with a
// veto), a dispatcher (a handoff), and a tracer (nested spans).
import { AsyncLocalStorage } from "node:async_hooks";
import {
  AliceTask,
  type CompletedNode,
  type NodeContext,
  type NodeResult,
  type RunSeams,
  type SpanStart,
  Workflow,
} from "alice-agents";
import { describe, expect, it } from "vitest";

/** a → b → c, each node exiting 0 after an optional traced "model call". */
class Steps extends AliceTask {
  ran: string[] = [];
  constructor(taskName = "steps") {
    super({
      taskName,
      nodeEndCodeRouting: {
        a: { 0: ["b", false] },
        b: { 0: ["c", false] },
        c: { 0: [null, false] },
      },
    });
  }
  async step(ctx: NodeContext): Promise<NodeResult> {
    this.ran.push(ctx.nodeName);
    const text = await ctx.trace({ kind: "model", name: "fake-model" }, async () => "ok");
    return { exitCode: 0, output: `${ctx.nodeName}:${text}` };
  }
  execute_a(ctx: NodeContext) {
    return this.step(ctx);
  }
  execute_b(ctx: NodeContext) {
    return this.step(ctx);
  }
  execute_c(ctx: NodeContext) {
    return this.step(ctx);
  }
}

describe("the nodeCompleted seam (a store, a dispatcher)", () => {
  it("is told every completed node in order, with where the run goes next and its history", async () => {
    const seen: Pick<CompletedNode, "taskName" | "next">[] = [];
    const lengths: number[] = [];
    const seams: RunSeams = {
      nodeCompleted(completed) {
        seen.push({ taskName: completed.taskName, next: completed.next });
        lengths.push(completed.history.length);
        expect(completed.history.at(-1)).toBe(completed.node);
      },
    };
    const response = await new Steps().run({}, { seams });
    expect(response.status).toBe("complete");
    expect(seen).toEqual([
      { taskName: "steps", next: "b" },
      { taskName: "steps", next: "c" },
      { taskName: "steps", next: null },
    ]);
    expect(lengths).toEqual([1, 2, 3]);
  });

  it("is handed on to sub-task runs, which name their parent run", async () => {
    const child = new Steps("child");
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Child: child },
      nodeEndCodeRouting: { Child: { 0: [null, false] } },
    });
    const seen: string[] = [];
    const response = await workflow.run(
      {},
      {
        seams: {
          nodeCompleted: (c) => {
            seen.push(`${c.taskName}.${c.node.nodeName}${c.parentRunId === undefined ? "" : "^"}`);
          },
        },
      },
    );
    expect(response.status).toBe("complete");
    expect(seen).toEqual(["child.a^", "child.b^", "child.c^", "wf.Child"]);
  });

  it("a veto (a store that cannot commit) stops the run failed, before the next node", async () => {
    const task = new Steps();
    const response = await task.run(
      {},
      {
        seams: {
          nodeCompleted: async (c) => {
            if (c.node.nodeName === "b") throw new Error("version conflict");
          },
        },
      },
    );
    expect(task.ran).toEqual(["a", "b"]);
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({ code: "RUN_VETOED", nodeName: "b", path: ["steps"] });
    expect(response.error?.message).toContain("version conflict");
    expect(response.nodeReferences.map((n) => n.nodeName)).toEqual(["a", "b"]);
  });

  it("a handoff (a dispatcher moving the run elsewhere) stops it after the node, naming the next", async () => {
    const task = new Steps();
    const response = await task.run(
      {},
      { seams: { nodeCompleted: (c) => (c.node.nodeName === "a" ? "handoff" : undefined) } },
    );
    expect(task.ran).toEqual(["a"]);
    expect(response.status).toBe("cancelled");
    expect(response.error).toMatchObject({ code: "RUN_HANDED_OFF", nodeName: "b" });
  });
});

describe("the trace seam (a tracer)", () => {
  it("wraps each node, and the model and tool calls a node makes, in nested spans", async () => {
    const parents = new AsyncLocalStorage<string>();
    const spans: { span: string; parent: string | undefined }[] = [];
    const seams: RunSeams = {
      trace(span: SpanStart, call) {
        const name = `${span.kind}:${span.name}`;
        spans.push({ span: name, parent: parents.getStore() });
        return parents.run(name, call);
      },
    };
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Child: new Steps("child") },
      nodeEndCodeRouting: { Child: { 0: [null, false] } },
    });
    const response = await workflow.run({}, { seams });
    expect(response.status).toBe("complete");
    expect(spans).toEqual([
      { span: "node:Child", parent: undefined },
      { span: "node:a", parent: "node:Child" },
      { span: "model:fake-model", parent: "node:a" },
      { span: "node:b", parent: "node:Child" },
      { span: "model:fake-model", parent: "node:b" },
      { span: "node:c", parent: "node:Child" },
      { span: "model:fake-model", parent: "node:c" },
    ]);
  });

  it("a tracer that throws fails only the node it wrapped, as a node error", async () => {
    const response = await new Steps().run(
      {},
      {
        seams: {
          trace: (span, call) =>
            span.kind === "node" && span.name === "a"
              ? Promise.reject(new Error("exporter down"))
              : call(),
        },
      },
    );
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({ code: "ROUTE_NOT_FOUND", nodeName: "a" });
    expect(response.error?.cause?.message).toContain("exporter down");
  });

  it("without seams, ctx.trace just runs the call", async () => {
    const response = await new Steps().run();
    expect(response.taskOutputs).toBe("c:ok");
  });
});
