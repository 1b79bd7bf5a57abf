import { AliceTask, type NodeContext, type NodeResult } from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";

class Search extends AliceTask {
  constructor(taskName = "Wikipedia_Search") {
    super({
      taskName,
      taskDescription: "Searches Wikipedia for a query.",
      nodeEndCodeRouting: { search: { 0: [null, false] } },
      inputVariables: z.object({
        query: z.string().describe("What to look up"),
        limit: z.number().int().default(3),
      }),
    });
  }

  execute_search(ctx: NodeContext): NodeResult {
    return { exitCode: 0, output: `${ctx.inputs.limit} results for ${ctx.inputs.query}` };
  }
}

describe("task.asTool()", () => {
  it("describes the task with a JSON Schema of its inputs and runs it in a fresh run per call", async () => {
    const tool = new Search().asTool();
    expect(tool.name).toBe("Wikipedia_Search");
    expect(tool.description).toBe("Searches Wikipedia for a query.");
    expect(tool.parameters).toEqual({
      type: "object",
      properties: {
        query: { type: "string", description: "What to look up" },
        limit: { type: "integer", default: 3 },
      },
      required: ["query"],
    });
    const first = await tool.execute({ query: "bees" });
    const second = await tool.execute({ query: "ants", limit: 1 });
    expect([first.taskOutputs, second.taskOutputs]).toEqual([
      "3 results for bees",
      "1 results for ants",
    ]);
    expect(second.nodeReferences).toHaveLength(1);
    expect(first.runId).not.toBe(second.runId);
  });

  it("makes the name safe for providers", () => {
    expect(new Search("Coding_Workflow_w/_Checkpoint").asTool().name).toBe(
      "Coding_Workflow_w__Checkpoint",
    );
  });
});
