import Anthropic from "@anthropic-ai/sdk";
import { mockAnthropic } from "alice-agents/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JsonObject } from "../../src/messages/json.ts";
import type { AssistantMessage, Message } from "../../src/messages/message.ts";
import type {
  LanguageModel,
  ModelRequest,
  ModelResponse,
  ModelSettings,
} from "../../src/providers/language-model.ts";
import {
  anthropicHarness,
  ask,
  drain,
  finishOf,
  nowTool,
  openaiHarness,
  providerError,
  SECRET_KEY,
  searchTool,
  textOf,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();
const THINKING: ModelSettings = { thinking: { budgetTokens: 2048 }, maxOutputTokens: 8000 };
const model = (settings: ModelSettings = THINKING) => anthropicHarness.model({ settings });

afterEach(() => {
  vi.restoreAllMocks();
});

/** How a test asks: one `generate`, or a drained `stream`'s finish. */
const calls = {
  generate: (m: LanguageModel, request: ModelRequest) => m.generate(request),
  stream: async (m: LanguageModel, request: ModelRequest): Promise<ModelResponse> => {
    const { parts, error } = await drain(m.stream(request));
    if (error !== undefined) throw error;
    return finishOf(parts);
  },
};

const assistantTurns = (body: JsonObject | undefined) =>
  ((body?.messages ?? []) as JsonObject[]).filter((m) => m.role === "assistant");

describe.each(Object.entries(calls))("anthropic extended thinking, %s", (_name, call) => {
  it("sends thinking with its budget, and reads thinking and redacted thinking as reasoning, in order, apart from the text", async () => {
    const llm = mockAnthropic([
      {
        reasoning: [
          { text: "The user wants 2 + 3.", signature: "sig-A" },
          { redactedData: "EnCrYpTeD==" },
          { text: "So 5." },
        ],
        text: "5",
      },
    ]);
    server.use(...llm.handlers);
    const response = await call(model(), ask());
    expect(llm.requests[0]?.body).toMatchObject({
      max_tokens: 8000,
      thinking: { type: "enabled", budget_tokens: 2048 },
    });
    expect(response.message.content).toBe("5");
    expect(response.message.reasoning).toEqual([
      {
        type: "reasoning",
        provider: "anthropic",
        text: "The user wants 2 + 3.",
        signature: "sig-A",
      },
      { type: "reasoning", provider: "anthropic", text: "", redactedData: "EnCrYpTeD==" },
      { type: "reasoning", provider: "anthropic", text: "So 5.", signature: "mock-signature" },
    ]);
    // Estimated usage counts the thinking as output, broken out as reasoning.
    expect(response.message.usage.reasoningTokens).toBeGreaterThan(0);
    expect(response.message.usage.outputTokens).toBeGreaterThan(
      response.message.usage.reasoningTokens ?? 0,
    );
  });

  it("sends the thinking blocks back unchanged, first in their turn, across two tool rounds", async () => {
    const llm = mockAnthropic([
      {
        reasoning: [{ text: "I should search first.", signature: "sig-round-1" }],
        text: "Searching.",
        toolCalls: [{ id: "toolu_1", name: "search", arguments: { q: "weather" } }],
      },
      {
        reasoning: [
          { redactedData: "ReDaCtEd-2==" },
          { text: "Now the time.", signature: "sig-2" },
        ],
        toolCalls: [{ id: "toolu_2", name: "now", arguments: {} }],
      },
      { reasoning: "Both known.", text: "Sunny, at noon." },
    ]);
    server.use(...llm.handlers);
    const m = model();
    const tools = [searchTool, nowTool];
    const messages: Message[] = [{ role: "user", content: "Weather and time?" }];
    for (const result of ["sunny", "12:00"]) {
      const { message } = await call(m, { messages: [...messages], tools });
      const [toolCall] = message.toolCalls ?? [];
      if (toolCall === undefined) throw new Error("expected a tool call");
      messages.push(message, {
        role: "tool",
        toolCallId: toolCall.id,
        toolName: toolCall.name,
        content: result,
      });
    }
    const last = await call(m, { messages: [...messages], tools });
    expect(last.message.content).toBe("Sunny, at noon.");
    llm.assertComplete();

    const round1 = [
      { type: "thinking", thinking: "I should search first.", signature: "sig-round-1" },
      { type: "text", text: "Searching." },
      { type: "tool_use", id: "toolu_1", name: "search", input: { q: "weather" } },
    ];
    const round2 = [
      { type: "redacted_thinking", data: "ReDaCtEd-2==" },
      { type: "thinking", thinking: "Now the time.", signature: "sig-2" },
      { type: "tool_use", id: "toolu_2", name: "now", input: {} },
    ];
    const [, second, third] = llm.requests;
    expect(assistantTurns(second?.body).map((turn) => turn.content)).toEqual([round1]);
    expect(assistantTurns(third?.body).map((turn) => turn.content)).toEqual([round1, round2]);
  });

  it("leaves out reasoning another API produced, and parts it cannot send back", async () => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    const answer: AssistantMessage = {
      role: "assistant",
      content: "Earlier answer.",
      reasoning: [
        { type: "reasoning", provider: "openai-responses", text: "summary", id: "rs_1" },
        { type: "reasoning", provider: "anthropic", text: "no signature" },
        { type: "reasoning", provider: "anthropic", text: "kept", signature: "sig-kept" },
      ],
    };
    await call(model(), {
      messages: [{ role: "user", content: "Hi" }, answer, { role: "user", content: "Again" }],
    });
    expect(assistantTurns(llm.requests[0]?.body).map((turn) => turn.content)).toEqual([
      [
        { type: "thinking", thinking: "kept", signature: "sig-kept" },
        { type: "text", text: "Earlier answer." },
      ],
    ]);
  });
});

describe("anthropic extended thinking, streamed", () => {
  it("streams thinking as reasoning-delta parts, never as text, and keeps the signature", async () => {
    const llm = mockAnthropic([
      {
        reasoning: [{ text: "Two plus three is five.", signature: "sig-stream" }],
        text: "It is 5",
      },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(model().stream(ask()));
    expect(error).toBeUndefined();
    const reasoning = parts.flatMap((p) => (p.type === "reasoning-delta" ? [p.delta] : []));
    expect(reasoning.length).toBeGreaterThan(1);
    expect(reasoning.join("")).toBe("Two plus three is five.");
    expect(textOf(parts)).toBe("It is 5");
    // Every reasoning delta comes before the first text delta, as the blocks do.
    const lastReasoning = parts.findLastIndex((p) => p.type === "reasoning-delta");
    expect(lastReasoning).toBeLessThan(parts.findIndex((p) => p.type === "text-delta"));
    expect(finishOf(parts).message.reasoning).toEqual([
      {
        type: "reasoning",
        provider: "anthropic",
        text: "Two plus three is five.",
        signature: "sig-stream",
      },
    ]);
  });

  it("the kit's thinking stream is what the SDK's own accumulator reads", async () => {
    const llm = mockAnthropic([
      { reasoning: [{ text: "Hmm.", signature: "sig-sdk" }, { redactedData: "R==" }], text: "Hi" },
    ]);
    server.use(...llm.handlers);
    const client = new Anthropic({ apiKey: SECRET_KEY, maxRetries: 0 });
    const final = await client.messages
      .stream({
        model: "claude-haiku-4-5",
        max_tokens: 2000,
        messages: [{ role: "user", content: "Hi" }],
      })
      .finalMessage();
    expect(final.content).toEqual([
      { type: "thinking", thinking: "Hmm.", signature: "sig-sdk" },
      { type: "redacted_thinking", data: "R==" },
      { type: "text", text: "Hi" },
    ]);
  });
});

describe("anthropic extended thinking: what is refused before sending", () => {
  it("a budget not below max_tokens, naming both (the default max_tokens too)", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    const set = await providerError(
      model({ thinking: { budgetTokens: 4000 }, maxOutputTokens: 4000 }).generate(ask()),
    );
    expect(set.code).toBe("PROVIDER_BAD_REQUEST");
    expect(set.attempts).toBe(0);
    expect(set.message).toContain(
      "thinking.budgetTokens (4000) must be below maxOutputTokens (4000)",
    );
    const byDefault = await providerError(
      model({ thinking: { budgetTokens: 5000 } }).generate(ask()),
    );
    expect(byDefault.message).toContain("must be below max_tokens (4096, the provider's default)");
    expect(llm.requests).toHaveLength(0);
  });

  it("temperature other than 1, top_p below 0.95 and top_k beside thinking, each named", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    for (const [settings, text] of [
      [
        { temperature: 0.2 },
        "temperature cannot be sent: the Messages API has no temperature other than 1 with extended thinking.",
      ],
      [
        { topP: 0.5 },
        "topP cannot be sent: the Messages API has no top_p below 0.95 with extended thinking.",
      ],
      [{ topK: 10 }, "topK cannot be sent: the Messages API has no top_k with extended thinking."],
    ] as const) {
      const error = await providerError(model({ ...THINKING, ...settings }).generate(ask()));
      expect(error.code).toBe("PROVIDER_BAD_REQUEST");
      expect(error.message).toContain(text);
    }
    expect(llm.requests).toHaveLength(0);
  });

  it("sends temperature 1 and top_p from 0.95, and leaves out what dropUnsupported lists", async () => {
    const told: string[] = [];
    vi.spyOn(process, "emitWarning").mockImplementation((warning) => {
      told.push(String(warning));
    });
    const llm = mockAnthropic([{ text: "a" }, { text: "b" }]);
    server.use(...llm.handlers);
    await model({ ...THINKING, temperature: 1, topP: 0.95 }).generate(ask());
    expect(llm.requests[0]?.body).toMatchObject({ temperature: 1, top_p: 0.95 });
    await model({ ...THINKING, temperature: 0.3, dropUnsupported: ["temperature"] }).generate(
      ask(),
    );
    expect(llm.requests[1]?.body).not.toHaveProperty("temperature");
    expect(told.join("\n")).toContain('"temperature" is left out of requests to the Messages API');
  });

  it("forced tool use beside thinking", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    const required = await providerError(
      model({ ...THINKING, toolChoice: "required" }).generate(ask("Hi", { tools: [searchTool] })),
    );
    expect(required.code).toBe("PROVIDER_BAD_REQUEST");
    expect(required.message).toContain('toolChoice "required" cannot be sent with thinking');
    const named = await providerError(
      model({ ...THINKING, toolChoice: { name: "search" } }).generate(
        ask("Hi", { tools: [searchTool] }),
      ),
    );
    expect(named.message).toContain('toolChoice { name: "search" } cannot be sent with thinking');
    expect(llm.requests).toHaveLength(0);
  });

  it("a budget below 1024, or a thinking setting of another shape, when the model is made", () => {
    expect(() => model({ thinking: { budgetTokens: 512 } })).toThrow(
      "thinking.budgetTokens must be a whole number ≥ 1024; got 512.",
    );
    const loose = { thinking: { budget_tokens: 2048 } } as unknown as ModelSettings;
    expect(() => model(loose)).toThrow(
      "thinking must be { budgetTokens: <a whole number ≥ 1024> }",
    );
  });
});

describe("OpenAI Chat Completions and thinking", () => {
  it("refuses a thinking budget, pointing at reasoningEffort", async () => {
    const error = await providerError(
      openaiHarness.model({ settings: { thinking: { budgetTokens: 2048 } } }).generate(ask()),
    );
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.message).toContain(
      "thinking cannot be sent: the Chat Completions API has no thinking budget. Reasoning models take reasoningEffort",
    );
  });
});
