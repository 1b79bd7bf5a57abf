import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { mockAnthropic } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { anthropic, askClaude, MULTIBYTE, useMockServer } from "./mock-server.ts";

const server = useMockServer();

const twoCalls = [
  {
    id: "toolu_weather",
    name: "get_weather",
    arguments: { city: "Zürich", note: "東京 🎉 ünïcödé" },
  },
  { name: "get_time", arguments: { zone: "Europe/Zurich", formats: ["iso", "unix"] } },
];

describe("mockAnthropic through the @anthropic-ai/sdk, non-streaming", () => {
  it("answers with a text block, usage (cache reads apart) and a request id", async () => {
    const llm = mockAnthropic([
      {
        text: "The answer is 5",
        usage: { inputTokens: 30, outputTokens: 6, cachedInputTokens: 10 },
      },
    ]);
    server.use(...llm.handlers);
    const { data, request_id } = await anthropic().messages.create(askClaude()).withResponse();
    expect(data).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-mock-1",
      stop_reason: "end_turn",
    });
    expect(data.content).toEqual([{ type: "text", text: "The answer is 5" }]);
    expect(data.usage).toMatchObject({
      input_tokens: 20,
      cache_read_input_tokens: 10,
      output_tokens: 6,
    });
    expect(request_id).toBe("req_mock1");
    llm.assertComplete();
  });

  it("sends text and several tool_use blocks with object inputs and given or generated ids", async () => {
    const llm = mockAnthropic([{ text: "Checking.", toolCalls: twoCalls }]);
    server.use(...llm.handlers);
    const message = await anthropic().messages.create(askClaude());
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toEqual([
      { type: "text", text: "Checking." },
      { type: "tool_use", id: "toolu_weather", name: "get_weather", input: twoCalls[0]?.arguments },
      { type: "tool_use", id: "toolu_mock1_1", name: "get_time", input: twoCalls[1]?.arguments },
    ]);
  });

  it.each([
    ["stop", "end_turn"],
    ["tool-calls", "tool_use"],
    ["length", "max_tokens"],
    ["content-filter", "refusal"],
    ["refusal", "refusal"],
    ["other", "other"],
    ["pause_turn", "pause_turn"],
    ["stop_sequence", "stop_sequence"],
  ])("maps finishReason %s to stop_reason %s", async (finishReason, wire) => {
    const llm = mockAnthropic([
      { text: "x", finishReason },
      { text: "x", finishReason },
    ]);
    server.use(...llm.handlers);
    expect((await anthropic().messages.create(askClaude())).stop_reason).toBe(wire);
    expect((await anthropic().messages.stream(askClaude()).finalMessage()).stop_reason).toBe(wire);
  });
});

describe("mockAnthropic through the @anthropic-ai/sdk, streaming", () => {
  it.each([undefined, 1, 3])(
    "streams multi-byte text whole with chunkBytes %s",
    async (chunkBytes) => {
      const llm = mockAnthropic([
        { text: MULTIBYTE, stream: chunkBytes === undefined ? {} : { chunkBytes } },
      ]);
      server.use(...llm.handlers);
      const stream = anthropic().messages.stream(askClaude());
      const deltas: string[] = [];
      stream.on("text", (delta) => deltas.push(delta));
      const final = await stream.finalMessage();
      expect(final.content).toMatchObject([{ type: "text", text: MULTIBYTE }]);
      expect(deltas.length).toBeGreaterThan(5);
      expect(deltas.join("")).toBe(MULTIBYTE);
    },
  );

  it.each([1, 3, 7])(
    "streams several tool_use blocks split mid-JSON and mid-character (chunkBytes %s)",
    async (chunkBytes) => {
      const llm = mockAnthropic([
        { text: "Let me check.", toolCalls: twoCalls, stream: { chunkBytes } },
      ]);
      server.use(...llm.handlers);
      const final = await anthropic().messages.stream(askClaude()).finalMessage();
      expect(final.stop_reason).toBe("tool_use");
      expect(
        final.content.map((b) => (b.type === "tool_use" ? [b.id, b.name, b.input] : b.type)),
      ).toEqual([
        "text",
        ["toolu_weather", "get_weather", twoCalls[0]?.arguments],
        ["toolu_mock1_1", "get_time", twoCalls[1]?.arguments],
      ]);
    },
  );

  it("sends the canonical event sequence with input_json_delta pieces and cumulative usage", async () => {
    const llm = mockAnthropic([
      { text: "Hi there", toolCalls: [twoCalls[0]!], usage: { inputTokens: 40, outputTokens: 9 } },
    ]);
    server.use(...llm.handlers);
    const events: RawMessageStreamEvent[] = [];
    for await (const event of await anthropic().messages.create({ ...askClaude(), stream: true }))
      events.push(event);
    const compact = events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    expect(compact).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const pieces = events.flatMap((e) =>
      e.type === "content_block_delta" && e.delta.type === "input_json_delta"
        ? [e.delta.partial_json]
        : [],
    );
    expect(pieces[0]).toBe("");
    expect(pieces.length).toBeGreaterThan(3);
    expect(JSON.parse(pieces.join(""))).toEqual(twoCalls[0]?.arguments);
    const start = events[0];
    expect(start?.type === "message_start" && start.message.usage.input_tokens).toBe(40);
    const delta = events.find((e) => e.type === "message_delta");
    expect(delta?.type === "message_delta" && delta.usage.output_tokens).toBe(9);
  });

  it("writes named events (event: lines), with a ping", async () => {
    const llm = mockAnthropic([{ text: "hi" }]);
    server.use(...llm.handlers);
    const response = await fetch("https://api.anthropic.com/v1/messages", {
      method: "POST",
      body: JSON.stringify({ ...askClaude(), stream: true }),
    });
    const frames = (await response.text()).split("\n\n").filter(Boolean);
    expect(frames.every((frame) => /^event: \w+\ndata: \{/.test(frame))).toBe(true);
    expect(frames.map((f) => f.split("\n")[0])).toContain("event: ping");
    expect(frames.at(-1)).toBe('event: message_stop\ndata: {"type":"message_stop"}');
  });

  it("reports the final usage through the stream accumulator", async () => {
    const llm = mockAnthropic([
      { text: "hi", usage: { inputTokens: 40, outputTokens: 9, cachedInputTokens: 15 } },
    ]);
    server.use(...llm.handlers);
    const final = await anthropic().messages.stream(askClaude()).finalMessage();
    expect(final.usage).toMatchObject({
      input_tokens: 25,
      cache_read_input_tokens: 15,
      output_tokens: 9,
    });
  });
});
