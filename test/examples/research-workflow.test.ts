import { readFileSync } from "node:fs";
import { loadTask } from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { type MockTurn, mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { search } from "../../examples/research/tools.ts";
import { useMockServer } from "../msw-server.ts";

const script = JSON.parse(readFileSync("examples/research/offline.json", "utf8")) as {
  turns: MockTurn[];
};
const server = useMockServer();

describe("examples/research", () => {
  it("loads from its task file and runs offline on its script: rejected once, approved, summarised", async () => {
    const llm = mockOpenAI(script.turns);
    server.use(...llm.handlers);
    const workflow = await loadTask("examples/research/research.workflow.yaml", {
      tools: [search],
      model: createOpenAI({ apiKey: "offline" })("gpt-4o-mini"),
    });
    const response = await workflow.run({ topic: "why bee populations are declining" });
    llm.assertComplete();
    expect(response.status).toBe("complete");
    expect(response.nodeReferences.map((n) => `${n.nodeName}:${n.exitCode}`)).toEqual([
      "Brief:0",
      "Retrieve:0",
      "Check:2",
      "RetryRetrieve:0",
      "Check:0",
      "Summarise:0",
    ]);
    expect(response.taskOutputs).toMatch(
      /^Bee populations are declining because several pressures act at once\./,
    );
    // the search tool really ran, and its results reached the model
    expect(llm.requests[2]?.toolResults[0]?.content).toContain("Bees in Trouble");
    expect(llm.requests[5]?.toolResults[0]?.content).toContain("Goulson et al.");
    // the rejection reached the second retrieval, and the summary got the approved sources
    expect(llm.requests[4]?.lastUserText).toContain(
      "I need at least two independent ones. REJECTED",
    );
    expect(llm.requests[7]?.lastUserText).toContain("Ramsey et al. (PNAS, 2019)");
    expect(response.usageMetrics.modelCalls).toBe(8);
  });
});
