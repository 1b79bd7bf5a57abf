import { mockAnthropic } from "alice-agents/testing";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/message.ts";
import { createAnthropic } from "../../src/providers/anthropic/index.ts";
import type { ToolSpec } from "../../src/providers/model-provider.ts";
import {
  anthropicHarness,
  ask,
  drain,
  finishOf,
  providerError,
  SECRET_KEY,
  useMockServer,
} from "./harness.ts";
import { ANTHROPIC_URL, rawRoute, sse, sseResponse } from "./raw-responses.ts";

const server = useMockServer();
const model = (settings = {}) => anthropicHarness.model({ settings });

const search: ToolSpec = {
  name: "search",
  description: "Search the web",
  parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
};
const now: ToolSpec = {
  name: "now",
  description: "The time",
  parameters: { type: "object", properties: {} },
};

describe("anthropic: the Messages request", () => {
  it("puts system messages in `system`, and merges tool results (then the user's note) into one user turn", async () => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    const messages: Message[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Search cats and dogs." },
      {
        role: "assistant",
        content: " ",
        toolCalls: [
          { id: "toolu_1", name: "search", arguments: '{"q":"cats"}' },
          { id: "toolu_2", name: "search", arguments: '{"q":"dogs"}' },
        ],
      },
      { role: "tool", toolCallId: "toolu_1", toolName: "search", content: "meow" },
      { role: "tool", toolCallId: "toolu_2", toolName: "search", content: "failed", isError: true },
      { role: "user", content: "Summarise." },
      { role: "system", content: "Answer in French." },
    ];
    await model().generate({ messages, tools: [search] });
    const body = llm.requests[0]?.body;
    expect(body?.system).toBe("Be brief.\n\nAnswer in French.");
    expect(body?.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Search cats and dogs." }] },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "toolu_1", name: "search", input: { q: "cats" } },
          { type: "tool_use", id: "toolu_2", name: "search", input: { q: "dogs" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "meow" },
          { type: "tool_result", tool_use_id: "toolu_2", content: "failed", is_error: true },
          { type: "text", text: "Summarise." },
        ],
      },
    ]);
    expect(body?.tools).toEqual([
      { name: "search", description: "Search the web", input_schema: search.parameters },
    ]);
  });

  it("always sends max_tokens: the setting, else the provider's default", async () => {
    const llm = mockAnthropic([{ text: "a" }, { text: "b" }, { text: "c" }]);
    server.use(...llm.handlers);
    await model().generate(ask());
    await model({ maxOutputTokens: 123 }).generate(ask());
    await createAnthropic({ apiKey: SECRET_KEY, defaultMaxTokens: 999 })(
      "claude-haiku-4-5",
    ).generate(ask());
    expect(llm.requests.map((r) => r.body.max_tokens)).toEqual([4096, 123, 999]);
  });

  it.each([
    [{ toolChoice: "required" }, { type: "any" }],
    [
      { toolChoice: { name: "search" }, parallelToolCalls: false },
      { type: "tool", name: "search", disable_parallel_tool_use: true },
    ],
    [{ parallelToolCalls: false }, { type: "auto", disable_parallel_tool_use: true }],
    [{ toolChoice: "none" }, { type: "none" }],
  ] as const)("maps tool settings %j to tool_choice %j", async (settings, expected) => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    await model(settings).generate(ask("x", { tools: [search] }));
    expect(llm.requests[0]?.body.tool_choice).toEqual(expected);
  });

  it("sends data-URL images as base64 and other URLs as url sources", async () => {
    const llm = mockAnthropic([{ text: "a cat" }]);
    server.use(...llm.handlers);
    await model().generate({
      messages: [
        {
          role: "user",
          content: [
            { type: "image", url: "data:image/png;base64,iVBORw0KGgo=" },
            { type: "image", url: "https://example.com/cat.jpg" },
            { type: "text", text: "Same cat?" },
          ],
        },
      ],
    });
    expect(llm.requests[0]?.body.messages).toEqual([
      {
        role: "user",
        content: [
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
          },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          { type: "text", text: "Same cat?" },
        ],
      },
    ]);
  });

  it("refuses, without sending, a non-streamed call whose max_tokens needs streaming (SDK guard)", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    const error = await providerError(model({ maxOutputTokens: 64_000 }).generate(ask()));
    expect(error).toMatchObject({ code: "PROVIDER_BAD_REQUEST", isRetryable: false });
    expect(error.message).toContain("Streaming is required");
    expect(llm.requests).toHaveLength(0);
  });
});

describe("anthropic: answers", () => {
  it("counts cache reads and writes as input tokens, and thinking tokens as reasoning", async () => {
    const route = rawRoute(ANTHROPIC_URL, () =>
      HttpResponse.json({
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-haiku-4-5",
        content: [{ type: "text", text: "Hi" }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: {
          input_tokens: 100,
          cache_read_input_tokens: 50,
          cache_creation_input_tokens: 25,
          output_tokens: 40,
          output_tokens_details: { thinking_tokens: 30 },
        },
      }),
    );
    server.use(route.handler);
    const response = await model().generate(ask());
    expect(response.message.usage).toEqual({
      inputTokens: 175,
      cachedInputTokens: 50,
      outputTokens: 40,
      reasoningTokens: 30,
    });
  });

  it.each([
    ["model_context_window_exceeded", "length"],
    ["pause_turn", "other"],
    ["stop_sequence", "stop"],
    ["something_new", "other"],
  ])("normalises stop_reason %s to %s", async (raw, expected) => {
    const llm = mockAnthropic([{ text: "x", finishReason: raw }]);
    server.use(...llm.handlers);
    expect((await model().generate(ask())).message.finishReason).toBe(expected);
  });

  it("streams a parameterless tool call (no input_json_delta at all) with arguments {}", async () => {
    const events = [
      {
        type: "message_start",
        message: {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "claude-haiku-4-5",
          content: [],
          stop_reason: null,
          usage: { input_tokens: 12, output_tokens: 1 },
        },
      },
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", id: "toolu_now", name: "now", input: {} },
      },
      { type: "ping" },
      { type: "content_block_stop", index: 0 },
      {
        type: "message_delta",
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: { output_tokens: 9 },
      },
      { type: "message_stop" },
    ];
    const route = rawRoute(ANTHROPIC_URL, () => sseResponse(sse(events, "\n", true), 5));
    server.use(route.handler);
    const { parts, error } = await drain(model().stream(ask("time?", { tools: [now] })));
    expect(error).toBeUndefined();
    expect(parts.filter((p) => p.type === "tool-call")).toEqual([
      { type: "tool-call", toolCall: { id: "toolu_now", name: "now", arguments: "{}" } },
    ]);
    expect(finishOf(parts).message).toMatchObject({
      finishReason: "tool-calls",
      usage: { inputTokens: 12, outputTokens: 9 },
    });
  });

  it("streams no complete tool-call part for a call cut off by max_tokens", async () => {
    const llm = mockAnthropic([
      {
        toolCalls: [{ id: "toolu_w", name: "search", arguments: '{"q":"unfinished' }],
        finishReason: "length",
      },
    ]);
    server.use(...llm.handlers);
    const { parts } = await drain(model().stream(ask("x", { tools: [search] })));
    expect(parts.some((p) => p.type === "tool-call")).toBe(false);
    const response = finishOf(parts);
    expect(response.message.finishReason).toBe("length");
    expect(response.message.toolCalls?.[0]?.arguments).toBe('{"q":"unfinished');
  });
});
