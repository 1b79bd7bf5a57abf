// An agent over a thinking model: reasoning streams as its own events, stays on the answers in
// the node references, goes back to the model in the tool loop (after a resume too), and never
// becomes the task's output.
import {
  AliceAgent,
  defineTool,
  type JsonObject,
  PromptAgentTask,
  type PromptAgentTaskOptions,
  type TaskEvent,
} from "alice-agents";
import { createAnthropic } from "alice-agents/anthropic";
import { createOpenAI } from "alice-agents/openai";
import { type MockTurn, mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useMockServer } from "../msw-server.ts";

const server = useMockServer();
const retry = { minDelayMs: 1, maxDelayMs: 5 };

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

const thinkingTask = (options: Partial<PromptAgentTaskOptions> = {}) =>
  new PromptAgentTask({
    taskName: "thinker",
    agent: new AliceAgent({
      name: "thinker",
      systemMessage: "You add numbers with the add tool.",
      model: createAnthropic({ apiKey: "sk-ant-test-key", retry })("claude-haiku-4-5"),
      modelSettings: { thinking: { budgetTokens: 1024 }, maxOutputTokens: 4000 },
    }),
    templates: { task_template: "{{question}}" },
    tools: [add],
    ...options,
  });

const turns: MockTurn[] = [
  {
    reasoning: [{ text: "I need the add tool.", signature: "sig-1" }],
    toolCalls: [{ id: "toolu_1", name: "add", arguments: { a: 2, b: 3 } }],
  },
  {
    reasoning: [{ redactedData: "ReDaCtEd==" }, { text: "It returned 5.", signature: "sig-2" }],
    text: "The answer is 5",
  },
];

const firstAnswer = [
  { type: "thinking", thinking: "I need the add tool.", signature: "sig-1" },
  { type: "tool_use", id: "toolu_1", name: "add", input: { a: 2, b: 3 } },
];

const assistantContent = (body: JsonObject | undefined) =>
  ((body?.messages ?? []) as JsonObject[])
    .filter((m) => m.role === "assistant")
    .map((m) => m.content);

describe("a PromptAgentTask over a thinking model", () => {
  it("streams reasoning-delta events apart from text, and keeps reasoning out of taskOutputs", async () => {
    const llm = mockAnthropic(turns);
    server.use(...llm.handlers);
    const events: TaskEvent[] = [];
    const response = await thinkingTask().run(
      { question: "What is 2+3?" },
      { onEvent: (e) => events.push(e) },
    );
    llm.assertComplete();
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("The answer is 5");

    const reasoning = events.flatMap((e) => (e.type === "reasoning-delta" ? [e] : []));
    expect(reasoning.map((e) => e.delta).join("")).toBe("I need the add tool.It returned 5.");
    expect(new Set(reasoning.map((e) => `${e.taskName}/${e.nodeName}`))).toEqual(
      new Set(["thinker/llm_generation"]),
    );
    const text = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : []));
    expect(text.join("")).toBe("The answer is 5");

    // The request that continues the tool loop carries the thinking block, unchanged.
    expect(llm.requests[0]?.body.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(assistantContent(llm.requests[1]?.body)).toEqual([firstAnswer]);

    // The answers in the node references keep their reasoning.
    const answers = response.nodeReferences.flatMap((node) =>
      (node.references.messages ?? []).filter((m) => m.role === "assistant"),
    );
    expect(answers.map((m) => (m.role === "assistant" ? m.reasoning : undefined))).toEqual([
      [
        {
          type: "reasoning",
          provider: "anthropic",
          text: "I need the add tool.",
          signature: "sig-1",
        },
      ],
      [
        { type: "reasoning", provider: "anthropic", text: "", redactedData: "ReDaCtEd==" },
        { type: "reasoning", provider: "anthropic", text: "It returned 5.", signature: "sig-2" },
      ],
    ]);
  });

  it("without a listener: no events, the same reasoning on the answers and on the wire", async () => {
    const llm = mockAnthropic(turns);
    server.use(...llm.handlers);
    const response = await thinkingTask().run({ question: "What is 2+3?" });
    expect(llm.requests.map((r) => r.stream)).toEqual([false, false]);
    expect(response.taskOutputs).toBe("The answer is 5");
    expect(assistantContent(llm.requests[1]?.body)).toEqual([firstAnswer]);
  });

  it("a run paused before its tool round and resumed from JSON sends the thinking back", async () => {
    const llm = mockAnthropic(turns);
    server.use(...llm.handlers);
    const task = thinkingTask({
      userCheckpoints: {
        tool_call_execution: {
          userPrompt: "Run the tools?",
          taskNextObj: { 0: "tool_call_execution", 1: null },
        },
      },
    });
    const paused = await task.run({ question: "What is 2+3?" });
    expect(paused.status).toBe("pending");
    const saved = JSON.parse(JSON.stringify(paused));
    const response = await task.resume(saved, { selectedOption: 0 });
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("The answer is 5");
    expect(assistantContent(llm.requests[1]?.body)).toEqual([firstAnswer]);
  });

  it("over OpenAI Chat Completions, reasoning shows only as reasoning tokens in the run's usage", async () => {
    const llm = mockOpenAI([
      {
        reasoning: "Hidden.",
        text: "5",
        usage: { inputTokens: 20, outputTokens: 30, reasoningTokens: 25 },
      },
    ]);
    server.use(...llm.handlers);
    const task = new PromptAgentTask({
      taskName: "reasoner",
      agent: new AliceAgent({
        name: "reasoner",
        model: createOpenAI({ apiKey: "sk-test-key-openai", retry })("o4-mini"),
        modelSettings: { reasoningEffort: "medium" },
      }),
      templates: { task_template: "{{question}}" },
    });
    const events: TaskEvent[] = [];
    const response = await task.run({ question: "2+3?" }, { onEvent: (e) => events.push(e) });
    expect(llm.requests[0]?.body.reasoning_effort).toBe("medium");
    expect(response.taskOutputs).toBe("5");
    expect(events.some((e) => e.type === "reasoning-delta")).toBe(false);
    expect(response.usageMetrics).toMatchObject({ outputTokens: 30, reasoningTokens: 25 });
  });
});
