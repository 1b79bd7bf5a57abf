import {
  AliceAgent,
  CheckTask,
  defineTool,
  type LanguageModel,
  PromptAgentTask,
  Workflow,
} from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { harnesses } from "./harness.ts";

const searched: string[] = [];
const search = defineTool({
  name: "search",
  description: "Searches the library.",
  input: z.object({ query: z.string() }),
  execute: ({ query }) => {
    searched.push(query);
    return query.includes("peer") ? ["paper A", "paper B", "paper C"] : ["a blog post"];
  },
});

const str = (...names: string[]) => ({
  type: "object" as const,
  properties: Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
  required: names.slice(0, 1),
});

function researchWorkflow(model: LanguageModel): Workflow {
  const agent = (name: string, systemMessage: string) =>
    new AliceAgent({ name, systemMessage, model });
  const retrieve = (taskName: string, instruction: string) =>
    new PromptAgentTask({
      taskName,
      agent: agent("researcher", "You research with the search tool."),
      templates: { task_template: `${instruction}\n{{Brief}}` },
      inputVariables: str("Brief"),
      tools: [search],
    });
  return new Workflow({
    taskName: "research",
    inputVariables: str("topic"),
    tasks: {
      Brief: new PromptAgentTask({
        taskName: "Brief",
        agent: agent("planner", "You write research briefs."),
        templates: { task_template: "Write a brief about {{topic}}." },
        inputVariables: str("topic"),
      }),
      Retrieve: retrieve("Retrieve", "Find sources for this brief."),
      Check: new CheckTask({
        taskName: "Check",
        agent: agent("checker", "You judge research."),
        templates: {
          task_template: "Judge: {{#if RetryRetrieve}}{{RetryRetrieve}}{{else}}{{Retrieve}}{{/if}}",
        },
        inputVariables: str("Retrieve", "RetryRetrieve"),
      }),
      RetryRetrieve: retrieve(
        "RetryRetrieve",
        "The first sources were rejected. Find peer-reviewed ones.",
      ),
      Summarise: new PromptAgentTask({
        taskName: "Summarise",
        agent: agent("writer", "You summarise."),
        templates: { task_template: "Summarise for {{topic}}: {{RetryRetrieve}}" },
        inputVariables: str("topic", "RetryRetrieve"),
      }),
    },
    nodeEndCodeRouting: {
      Brief: { 0: ["Retrieve", false], 1: [null, false] },
      Retrieve: { 0: ["Check", false], 1: [null, false] },
      Check: { 0: ["Summarise", false], 1: [null, false], 2: ["RetryRetrieve", false] },
      RetryRetrieve: { 0: ["Check", false], 1: [null, false] },
      Summarise: { 0: [null, false], 1: [null, false] },
    },
    templates: { output_template: "{{Summarise}}" },
  });
}

describe.each(harnesses())("a research workflow over $name", (h) => {
  it("briefs, retrieves with tools, is rejected by the check, retries, passes, and summarises", async () => {
    searched.length = 0;
    const usage = { inputTokens: 10, outputTokens: 5 };
    const asks = (text: string) => ({
      match: (r: { lastUserText: string }) => r.lastUserText.includes(text),
      usage,
    });
    const llm = h.script([
      { ...asks("Write a brief about bees"), text: "Brief: why are bees declining?" },
      {
        ...asks("Find sources"),
        toolCalls: [{ name: "search", arguments: { query: "bee decline" } }],
      },
      { text: "Sources: a blog post", usage },
      { ...asks("Judge: Sources: a blog post"), text: "One blog is not enough. REJECTED" },
      {
        ...asks("peer-reviewed"),
        toolCalls: [{ name: "search", arguments: { query: "bee decline peer reviewed" } }],
      },
      { text: "Sources: papers A, B, C", usage },
      { ...asks("Judge: Sources: papers A, B, C"), text: "APPROVED" },
      {
        ...asks("Summarise for bees: Sources: papers A, B, C"),
        text: "Bees decline because of habitat loss (A, B, C).",
      },
    ]);

    const response = await researchWorkflow(h.model()).run({ topic: "bees" });
    llm.assertComplete();
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("Bees decline because of habitat loss (A, B, C).");
    expect(response.nodeReferences.map((n) => `${n.nodeName}:${n.exitCode}`)).toEqual([
      "Brief:0",
      "Retrieve:0",
      "Check:2",
      "RetryRetrieve:0",
      "Check:0",
      "Summarise:0",
    ]);
    expect(searched).toEqual(["bee decline", "bee decline peer reviewed"]);
    expect(llm.requests[2]?.toolResults).toEqual([
      { toolCallId: expect.any(String), content: '["a blog post"]' },
    ]);
    expect(response.usageMetrics).toMatchObject({
      inputTokens: 80,
      outputTokens: 40,
      modelCalls: 8,
    });
  });
});
