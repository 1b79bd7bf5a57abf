import { mockAnthropic } from "alice-agents/testing";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  anthropicHarness,
  ask,
  drain,
  finishOf,
  nowTool,
  searchTool,
  useMockServer,
} from "./harness.ts";
import { ANTHROPIC_URL, rawRoute, sse, sseResponse } from "./raw-responses.ts";

const server = useMockServer();
const model = (settings = {}) => anthropicHarness.model({ settings });

const search = searchTool;
const now = nowTool;

describe("anthropic: answers", () => {
  it("a tool_use input nested 100,000 levels deep becomes a call whose arguments are not JSON, not a crash", async () => {
    const depth = 100_000;
    const input = `{"x":${"[".repeat(depth)}"\\u0041"${"]".repeat(depth)}}`;
    const body = `{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"tool_use","id":"toolu_1","name":"search","input":${input}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}`;
    const route = rawRoute(
      ANTHROPIC_URL,
      () => new HttpResponse(body, { headers: { "content-type": "application/json" } }),
    );
    server.use(route.handler);
    const response = await model().generate(ask());
    const [call] = response.message.toolCalls ?? [];
    expect(call?.name).toBe("search");
    expect(call?.arguments).toMatch(/^\[tool input that cannot be written as JSON/);
  });

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
      cacheWriteTokens: 25,
      outputTokens: 40,
      reasoningTokens: 30,
    });
  });

  it.each([
    ["model_context_window_exceeded", "length"],
    ["stop_sequence", "stop"],
    ["something_new", "other"],
  ])("normalises stop_reason %s to %s", async (raw, expected) => {
    const llm = mockAnthropic([{ text: "x", finishReason: raw }]);
    server.use(...llm.handlers);
    expect((await model().generate(ask())).message.finishReason).toBe(expected);
  });

  it.each([
    ["null", null, [], "stop"],
    ["absent", undefined, [], "stop"],
    [
      "null beside a tool call",
      null,
      [{ type: "tool_use", id: "toolu_1", name: "search", input: { q: "x" } }],
      "tool-calls",
    ],
  ])(
    "reads a complete answer whose stop_reason is %s as a finished one",
    async (_name, stopReason, extra, expected) => {
      const route = rawRoute(ANTHROPIC_URL, () =>
        HttpResponse.json({
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "claude-haiku-4-5",
          content: [{ type: "text", text: "Done." }, ...extra],
          ...(stopReason === undefined ? {} : { stop_reason: stopReason }),
          usage: { input_tokens: 10, output_tokens: 3 },
        }),
      );
      server.use(route.handler);
      const response = await model().generate(ask("x", { tools: [search] }));
      expect(response.message.finishReason).toBe(expected);
      expect(response.message.content).toBe("Done.");
    },
  );

  it("reads a streamed answer that reached message_stop without a stop_reason as finished", async () => {
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
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Done." } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: null }, usage: { output_tokens: 3 } },
      { type: "message_stop" },
    ];
    const route = rawRoute(ANTHROPIC_URL, () => sseResponse(sse(events, "\n", true)));
    server.use(route.handler);
    const { parts, error } = await drain(model().stream(ask()));
    expect(error).toBeUndefined();
    expect(finishOf(parts).message).toMatchObject({ content: "Done.", finishReason: "stop" });
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
