import { AliceTask, type NodeResult } from "alice-agents";
import { describe, expect, it } from "vitest";
import { approvalWorkflow, Publish } from "./fixtures/approval-workflow.ts";

describe("task graphs", () => {
  it("toGraph() lists nodes, exit-code edges with retries, checkpoints and sub-tasks as data", () => {
    const graph = new Publish().toGraph();
    expect(graph).toMatchObject({
      taskName: "Publish",
      taskType: "Publish",
      startNode: "draft",
      nodes: ["draft", "publish"],
    });
    expect(graph.edges).toEqual([
      { from: "draft", to: "publish", exitCode: 0, retry: false },
      { from: "publish", to: null, exitCode: 0, retry: false },
    ]);
    expect(graph.checkpoints).toEqual([
      {
        node: "publish",
        userPrompt: "Publish this draft?",
        options: [
          { option: 0, label: "approve", to: "publish" },
          { option: 1, label: "reject", to: null },
          { option: 2, label: "rewrite", to: "draft" },
        ],
      },
    ]);
    expect(Object.keys(approvalWorkflow().toGraph().subtasks)).toEqual([
      "Note",
      "Publish",
      "Announce",
    ]);
  });

  it("toMermaid() draws routes, retries, checkpoints and sub-tasks", () => {
    const mermaid = approvalWorkflow().toMermaid();
    expect(mermaid.startsWith("flowchart TD\n")).toBe(true);
    expect(mermaid).toContain('  subgraph Publish["Publish (Publish Publish)"]');
    expect(mermaid).toContain('    Publish__draft -- "0" --> Publish__publish__checkpoint');
    expect(mermaid).toContain('    Publish__publish__checkpoint{{"⏸ Publish this draft?"}}');
    expect(mermaid).toContain('    Publish__publish__checkpoint -- "1: reject" --> Publish____end');
    expect(mermaid).toContain('  Publish -- "1" --> __end');
    // every subgraph is closed
    expect(mermaid.match(/subgraph /g)?.length).toBe(mermaid.match(/^\s*end$/gm)?.length);
  });

  it("draws retry routes as dotted arrows", () => {
    class Flaky extends AliceTask {
      execute_call(): NodeResult {
        return { exitCode: 0 };
      }
    }
    const task = new Flaky({
      taskName: "flaky",
      nodeEndCodeRouting: { call: { 0: [null, false], 1: ["call", true] } },
    });
    expect(task.toMermaid()).toContain('  call -. "1 retry" .-> call\n');
  });
});
