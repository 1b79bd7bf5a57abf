import {
  AliceAgent,
  AliceTask,
  defineTool,
  type NodeContext,
  type NodeResult,
  PromptAgentTask,
  type PromptAgentTaskOptions,
  type TaskEvent,
} from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { harnesses } from "./harness.ts";

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

const providers = harnesses();

describe.each(providers)("PromptAgentTask over $name", (h) => {
  const task = (
    options: Partial<PromptAgentTaskOptions> = {},
    agent: Partial<ConstructorParameters<typeof AliceAgent>[0]> = {},
  ) =>
    new PromptAgentTask({
      taskName: "calculator",
      taskDescription: "Answers arithmetic questions.",
      agent: new AliceAgent({
        name: "calc",
        systemMessage: "You add numbers with the add tool.",
        model: h.model(),
        ...agent,
      }),
      templates: { task_template: "{{question}}" },
      inputVariables: {
        type: "object",
        properties: { question: { type: "string" } },
        required: ["question"],
      },
      tools: [add],
      ...options,
    });

  it("runs a two-round tool loop: the tool result goes back to the model", async () => {
    const llm = h.script([
      {
        toolCalls: [{ id: "call_1", name: "add", arguments: { a: 2, b: 3 } }],
        usage: { inputTokens: 30, outputTokens: 8 },
      },
      { text: "The answer is 5", usage: { inputTokens: 52, outputTokens: 6 } },
    ]);
    const response = await task().run({ question: "What is 2+3?" });
    llm.assertComplete();
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("The answer is 5");
    expect(response.nodeReferences.map((n) => `${n.nodeName}:${n.exitCode}`)).toEqual([
      "llm_generation:2",
      "tool_call_execution:0",
      "llm_generation:0",
    ]);
    const [first, second] = llm.requests;
    expect(first?.toolNames).toEqual(["add"]);
    expect(first?.lastUserText).toBe("What is 2+3?");
    expect(second?.toolResults).toEqual([{ toolCallId: "call_1", content: "5" }]);
    expect(response.usageMetrics).toMatchObject({
      inputTokens: 82,
      outputTokens: 14,
      totalTokens: 96,
      modelCalls: 2,
    });
  });

  it("runs parallel tool calls and returns the results in call order, tied to their ids", async () => {
    const llm = h.script([
      {
        toolCalls: [
          { id: "call_a", name: "add", arguments: { a: 1, b: 1 } },
          { id: "call_b", name: "add", arguments: { a: 20, b: 22 } },
        ],
      },
      { text: "2 and 42" },
    ]);
    const response = await task().run({ question: "1+1 and 20+22?" });
    expect(response.status).toBe("complete");
    expect(llm.requests[1]?.toolResults).toEqual([
      { toolCallId: "call_a", content: "2" },
      { toolCallId: "call_b", content: "42" },
    ]);
  });

  it("turns each malformed tool call into an error result the model reads, and goes on", async () => {
    const boom = defineTool({
      name: "boom",
      description: "Always fails.",
      input: z.object({}),
      execute: () => {
        throw new Error("database unreachable");
      },
    });
    const llm = h.script([
      {
        toolCalls: [
          { id: "c1", name: "multiply", arguments: { a: 1 } },
          { id: "c2", name: "add", arguments: '{"a": 2,' },
          { id: "c3", name: "add", arguments: { a: "two", b: 3 } },
          { id: "c4", name: "boom", arguments: {} },
        ],
      },
      { text: "I could not compute it." },
    ]);
    const response = await task({ tools: [add, boom] }).run({ question: "?" });
    expect(response.status).toBe("complete");
    const results = llm.requests[1]?.toolResults ?? [];
    // Anthropic marks error results (is_error); OpenAI's tool messages have no such flag.
    const flagged = h.name === "anthropic" ? true : undefined;
    expect(results.map((r) => [r.toolCallId, r.isError])).toEqual([
      ["c1", flagged],
      ["c2", flagged],
      ["c3", flagged],
      ["c4", flagged],
    ]);
    expect(results[0]?.content).toBe('Unknown tool "multiply". Available tools: add, boom.');
    expect(results[1]?.content).toContain('The arguments of tool "add" are not a JSON object');
    expect(results[2]?.content).toContain("a: Invalid input: expected number, received string");
    expect(results[3]?.content).toBe('Tool "boom" failed: database unreachable');
    const toolNode = response.nodeReferences[1];
    expect(toolNode?.references.errors?.map((e) => e.code)).toEqual([
      "TOOL_NOT_FOUND",
      "TOOL_ARGUMENTS_NOT_JSON",
      "TOOL_INPUT_INVALID",
      "TOOL_EXECUTION_FAILED",
    ]);
  });

  it("offers sub-tasks as tools: each call is a child run whose response is kept", async () => {
    class Lookup extends AliceTask {
      constructor() {
        super({
          taskName: "lookup_capital",
          taskDescription: "Finds the capital of a country.",
          nodeEndCodeRouting: { find: { 0: [null, false] } },
          inputVariables: {
            type: "object",
            properties: { country: { type: "string" } },
            required: ["country"],
          },
        });
      }
      execute_find(ctx: NodeContext): NodeResult {
        return { exitCode: 0, output: ctx.inputs.country === "France" ? "Paris" : "unknown" };
      }
    }
    const llm = h.script([
      { toolCalls: [{ id: "t1", name: "lookup_capital", arguments: { country: "France" } }] },
      { text: "Paris" },
    ]);
    const response = await task({ tools: [], tasks: { lookup: new Lookup() } }).run({
      question: "Capital of France?",
    });
    expect(llm.requests[0]?.toolNames).toEqual(["lookup_capital"]);
    expect(llm.requests[1]?.toolResults).toEqual([{ toolCallId: "t1", content: "Paris" }]);
    const child = response.nodeReferences[1]?.references.taskResponses?.[0];
    expect(child?.taskName).toBe("lookup_capital");
    expect(child?.parentRunId).toBe(response.runId);
  });

  it("fails with MAX_TOOL_ROUNDS when the model keeps calling tools, history kept", async () => {
    const call = { toolCalls: [{ name: "add", arguments: { a: 1, b: 1 } }] };
    const llm = h.script([call, call, call]);
    const response = await task({}, { maxToolRounds: 2 }).run({ question: "loop" });
    llm.assertComplete();
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("MAX_TOOL_ROUNDS");
    expect(response.nodeReferences).toHaveLength(5);
  });

  it.each([
    ["an empty answer", { text: "" }, "MODEL_EMPTY_RESPONSE"],
    [
      "an answer stopped for an unknown reason",
      { text: "The answer is", finishReason: "some_new_reason" },
      "PROVIDER_INVALID_RESPONSE",
    ],
  ])("retries after %s, without sending the rejected answer back", async (_case, bad, code) => {
    const llm = h.script([bad, { text: "5" }]);
    const response = await task().run({ question: "2+3?" });
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("5");
    const first = response.nodeReferences[0];
    expect(first?.exitCode).toBe(1);
    expect(first?.references.errors?.[0]?.code).toBe(code);
    expect(llm.requests[1]?.body).toEqual(llm.requests[0]?.body);
  });

  it.each([
    ["a truncated answer", { text: "The answer is", finishReason: "length" as const }],
    [
      "a truncated tool call",
      { toolCalls: [{ name: "add", arguments: '{"a": 1' }], finishReason: "length" as const },
    ],
  ])(
    "retries after %s telling the model it was cut off (the cut-off answer is not sent back)",
    async (_case, bad) => {
      const llm = h.script([bad, { text: "5" }]);
      const response = await task({ modelSettings: { maxOutputTokens: 50 } }).run({
        question: "2+3?",
      });
      expect(response.status).toBe("complete");
      expect(response.nodeReferences[0]?.references.errors?.[0]?.code).toBe(
        "MODEL_OUTPUT_TRUNCATED",
      );
      expect(llm.requests[1]?.lastUserText).toMatch(
        /Your previous answer was cut off at the output-token limit \(maxOutputTokens: 50\)/,
      );
      expect(JSON.stringify(llm.requests[1]?.body)).not.toContain("The answer is");
      expect(llm.requests[1]?.toolResults).toEqual([]);
    },
  );

  it("a model that keeps truncating fails with MAX_ATTEMPTS_EXCEEDED caused by MODEL_OUTPUT_TRUNCATED", async () => {
    const cut = { text: "The answer is", finishReason: "length" as const };
    h.script([cut, cut, cut]);
    const response = await task().run({ question: "2+3?" });
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({
      code: "MAX_ATTEMPTS_EXCEEDED",
      cause: { code: "MODEL_OUTPUT_TRUNCATED", nodeName: "llm_generation", path: ["calculator"] },
    });
  });

  it.each([
    ["a refusal", "refusal"],
    ["a content-filtered answer", "content_filter"],
  ])(
    "ends the run at once on %s with MODEL_REFUSAL: the same request would be refused again",
    async (_case, reason) => {
      if (h.name === "anthropic" && reason === "content_filter") return; // Anthropic has no such stop reason.
      const llm = h.script([{ text: "I can't help with that.", finishReason: reason }]);
      const response = await task().run({ question: "2+3?" });
      expect(llm.requests).toHaveLength(1);
      expect(response.status).toBe("failed");
      expect(response.error).toMatchObject({ code: "MODEL_REFUSAL", nodeName: "llm_generation" });
      expect(response.nodeReferences[0]?.references.messages?.at(-1)).toMatchObject({
        role: "assistant",
        rejected: { code: "MODEL_REFUSAL" },
      });
    },
  );

  it("validates the final answer with outputSchema and feeds a failure back once", async () => {
    const llm = h.script([{ text: '{"answer": "five"}' }, { text: '```json\n{"answer": 5}\n```' }]);
    const response = await task({ tools: [], outputSchema: z.object({ answer: z.number() }) }).run({
      question: "2+3?",
    });
    expect(response.status).toBe("complete");
    expect(response.structuredOutput).toEqual({ answer: 5 });
    expect(llm.requests[1]?.lastUserText).toContain(
      "answer: Invalid input: expected number, received string",
    );

    h.script([{ text: "five" }, { text: "still five" }]);
    const failed = await task({ tools: [], outputSchema: z.object({ answer: z.number() }) }).run({
      question: "2+3?",
    });
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("OUTPUT_INVALID");
  });

  it("streams when someone listens: text deltas arrive, pathological chunking reassembles exactly", async () => {
    const text = "Grüße 🌍 — 好 done";
    const llm = h.script([
      {
        toolCalls: [{ id: "call_x", name: "add", arguments: { a: 0.5, b: 1 } }],
        stream: { chunkBytes: 1 },
      },
      { text, stream: { chunkBytes: 1 } },
    ]);
    const events: TaskEvent[] = [];
    const response = await task().run({ question: "?" }, { onEvent: (e) => events.push(e) });
    expect(llm.requests.map((r) => r.stream)).toEqual([true, true]);
    expect(llm.requests[1]?.toolResults).toEqual([{ toolCallId: "call_x", content: "1.5" }]);
    expect(response.taskOutputs).toBe(text);
    const deltas = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(text);
    expect(
      events.filter((e) => e.type === "tool-call" || e.type === "tool-result").map((e) => e.type),
    ).toEqual(["tool-call", "tool-result"]);
  });

  it("does not stream when nobody listens", async () => {
    const llm = h.script([{ text: "5" }]);
    await task().run({ question: "?" });
    expect(llm.requests[0]?.stream).toBe(false);
  });

  it("retries a 429 after its retry-after, then succeeds (two requests)", async () => {
    const llm = h.script([
      { error: { status: 429, headers: { "retry-after-ms": "5" } } },
      { text: "5" },
    ]);
    const events: TaskEvent[] = [];
    const response = await task().run({ question: "?" }, { onEvent: (e) => events.push(e) });
    expect(response.status).toBe("complete");
    expect(llm.requests).toHaveLength(2);
    expect(events.filter((e) => e.type === "model-retry")).toHaveLength(1);
  });

  it("retries a 500 and stops after the provider's retries, failing with its code (no node retry on top)", async () => {
    const error = { error: { status: 500 } };
    const llm = h.script([error, error, error]);
    const response = await task().run({ question: "?" });
    llm.assertComplete();
    expect(llm.requests).toHaveLength(3);
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("PROVIDER_SERVER");
  });

  it("does not retry a 401, and never shows the key", async () => {
    const llm = h.script([{ error: { status: 401 } }]);
    const response = await task().run({ question: "?" });
    expect(llm.requests).toHaveLength(1);
    expect(response.error?.code).toBe("PROVIDER_AUTHENTICATION");
    expect(JSON.stringify(response)).not.toMatch(/sk-test-key-openai|sk-ant-test-key/);
  });

  it("stops waiting for a retry when the run is aborted", async () => {
    h.script([{ error: { status: 429, headers: { "retry-after": "30" } } }, { text: "never" }]);
    const controller = new AbortController();
    const started = Date.now();
    const response = await task({}, { model: h.model() }).run(
      { question: "?" },
      { signal: controller.signal, onEvent: (e) => e.type === "model-retry" && controller.abort() },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe("cancelled");
  });

  it("surfaces a provider error in the middle of a stream as a typed error", async () => {
    h.script([
      {
        text: "partial answer that breaks",
        stream: { errorEvent: { message: "overloaded mid-stream" } },
      },
    ]);
    const response = await task().run({ question: "?" }, { onEvent: () => {} });
    expect(response.status).toBe("failed");
    expect(response.error?.code).toMatch(/^PROVIDER_/);
  });
});
