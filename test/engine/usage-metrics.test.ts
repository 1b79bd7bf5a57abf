import { AliceTask, type NodeResult, taskResponseSchema, Workflow } from "alice-agents";
import { describe, expect, it } from "vitest";

class Chat extends AliceTask {
  constructor(taskName: string) {
    super({
      taskName,
      nodeEndCodeRouting: { ask: { 0: ["ask2", false] }, ask2: { 0: [null, false] } },
    });
  }

  execute_ask(): NodeResult {
    return {
      exitCode: 0,
      references: {
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: "hello",
            model: "m",
            usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 4, cacheWriteTokens: 6 },
          },
        ],
      },
    };
  }

  execute_ask2(): NodeResult {
    return {
      exitCode: 0,
      references: {
        messages: [
          {
            role: "assistant",
            content: "bye",
            usage: { inputTokens: 20, outputTokens: 5, reasoningTokens: 3 },
          },
        ],
      },
    };
  }
}

describe("usageMetrics", () => {
  it("sums token usage found on the run's messages", async () => {
    const response = await new Chat("chat").run();
    expect(response.usageMetrics).toEqual({
      inputTokens: 30,
      outputTokens: 7,
      cachedInputTokens: 4,
      cacheWriteTokens: 6,
      reasoningTokens: 3,
      totalTokens: 37,
      modelCalls: 2,
    });
    expect(response.taskOutputs).toBe("bye");
  });

  it("reads back a response saved before cache writes were counted, as 0", async () => {
    const saved = JSON.parse(JSON.stringify(await new Chat("chat").run()));
    delete saved.usageMetrics.cacheWriteTokens;
    const parsed = taskResponseSchema.safeParse(saved);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.usageMetrics.cacheWriteTokens).toBe(0);
  });

  it("adds sub-tasks' usage, recursively", async () => {
    const inner = new Workflow({
      taskName: "inner",
      tasks: { A: new Chat("A") },
      nodeEndCodeRouting: { A: { 0: [null, false] } },
    });
    const outer = new Workflow({
      taskName: "outer",
      tasks: { Inner: inner, B: new Chat("B") },
      nodeEndCodeRouting: { Inner: { 0: ["B", false] }, B: { 0: [null, false] } },
    });
    const response = await outer.run();
    expect(response.usageMetrics.totalTokens).toBe(74);
    expect(response.usageMetrics.modelCalls).toBe(4);
  });
});
