// An agent's model and tool calls reach the run's trace seam, nested in their node's span.
import { AsyncLocalStorage } from "node:async_hooks";
import { AliceAgent, defineTool, PromptAgentTask, type RunSeams } from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { harnesses } from "./harness.ts";

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

describe.each(harnesses())("an agent run with a tracer, over $name", (h) => {
  it("opens a span per node, model call and tool call, each inside its node", async () => {
    h.script([
      { toolCalls: [{ id: "c1", name: "add", arguments: { a: 2, b: 3 } }] },
      { text: "5" },
    ]);
    const parents = new AsyncLocalStorage<string>();
    const spans: string[] = [];
    const seams: RunSeams = {
      trace(span, call) {
        const name = `${span.kind}:${span.name}`;
        spans.push(`${parents.getStore() ?? "-"} > ${name}`);
        return parents.run(name, call);
      },
    };
    const task = new PromptAgentTask({
      taskName: "calc",
      agent: new AliceAgent({ name: "calc", model: h.model() }),
      templates: { task_template: "2+3?" },
      tools: [add],
    });
    const response = await task.run({}, { seams });
    expect(response.taskOutputs).toBe("5");
    const model = h.model().modelId;
    expect(spans).toEqual([
      "- > node:llm_generation",
      `node:llm_generation > model:${model}`,
      "- > node:tool_call_execution",
      "node:tool_call_execution > tool:add",
      "- > node:llm_generation",
      `node:llm_generation > model:${model}`,
    ]);
  });
});
