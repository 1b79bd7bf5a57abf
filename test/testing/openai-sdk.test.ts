import { mockOpenAI } from "alice-agents/testing";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { ask, MULTIBYTE, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();

const twoCalls = [
  {
    id: "call_weather",
    name: "get_weather",
    arguments: { city: "Zürich", note: "東京 🎉 ünïcödé" },
  },
  { name: "get_time", arguments: { zone: "Europe/Zurich", formats: ["iso", "unix"] } },
];

describe("mockOpenAI through the openai SDK, non-streaming", () => {
  it("answers with text, usage, the request's model and a request id", async () => {
    const llm = mockOpenAI([
      {
        text: "The answer is 5",
        usage: { inputTokens: 30, outputTokens: 6, cachedInputTokens: 10, reasoningTokens: 2 },
      },
    ]);
    server.use(...llm.handlers);
    const { data, request_id } = await openai().chat.completions.create(ask()).withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.model).toBe("gpt-4o-mini");
    expect(data.choices[0]?.message.content).toBe("The answer is 5");
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage).toMatchObject({
      prompt_tokens: 30,
      completion_tokens: 6,
      total_tokens: 36,
      prompt_tokens_details: { cached_tokens: 10 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
    expect(request_id).toBe("req_mock1");
    llm.assertComplete();
  });

  it("sends several tool calls with JSON-string arguments, given or generated ids, and text beside them", async () => {
    const llm = mockOpenAI([{ text: "Checking.", toolCalls: twoCalls }]);
    server.use(...llm.handlers);
    const completion = await openai().chat.completions.create(ask());
    const message = completion.choices[0]?.message;
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(message?.content).toBe("Checking.");
    const calls = (message?.tool_calls ?? []).map((c) => (c.type === "function" ? c : undefined));
    expect(calls.map((c) => c?.id)).toEqual(["call_weather", "call_mock1_1"]);
    expect(calls.map((c) => c?.function.name)).toEqual(["get_weather", "get_time"]);
    expect(calls.map((c) => JSON.parse(c?.function.arguments ?? ""))).toEqual(
      twoCalls.map((c) => c.arguments),
    );
  });

  it("sends raw-string arguments verbatim, to script malformed JSON", async () => {
    const llm = mockOpenAI([{ toolCalls: [{ name: "add", arguments: '{"a": 2, "b":' }] }]);
    server.use(...llm.handlers);
    const completion = await openai().chat.completions.create(ask());
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function.arguments).toBe('{"a": 2, "b":');
    expect(completion.choices[0]?.message.content).toBeNull();
  });

  it.each([
    ["stop", "stop"],
    ["tool-calls", "tool_calls"],
    ["length", "length"],
    ["content-filter", "content_filter"],
    ["other", "function_call"],
    ["something_new", "something_new"],
  ])("maps finishReason %s to finish_reason %s", async (finishReason, wire) => {
    const llm = mockOpenAI([
      { text: "x", finishReason },
      { text: "x", finishReason },
    ]);
    server.use(...llm.handlers);
    const completion = await openai().chat.completions.create(ask());
    expect(completion.choices[0]?.finish_reason).toBe(wire);
    const stream = await openai().chat.completions.create({ ...ask(), stream: true });
    const reasons: (string | null)[] = [];
    for await (const chunk of stream) reasons.push(chunk.choices[0]?.finish_reason ?? null);
    expect(reasons.filter((r) => r !== null)).toEqual([wire]);
  });

  it("puts a refusal in message.refusal with finish_reason stop", async () => {
    const llm = mockOpenAI([{ text: "I can't help with that.", finishReason: "refusal" }]);
    server.use(...llm.handlers);
    const message = (await openai().chat.completions.create(ask())).choices[0]?.message;
    expect(message?.refusal).toBe("I can't help with that.");
    expect(message?.content).toBeNull();
  });

  it("uses a turn's model instead of the request's", async () => {
    const llm = mockOpenAI([{ text: "hi", model: "gpt-4o-mini-2024-07-18" }]);
    server.use(...llm.handlers);
    expect((await openai().chat.completions.create(ask())).model).toBe("gpt-4o-mini-2024-07-18");
  });
});

describe("mockOpenAI through the openai SDK, streaming", () => {
  it.each([undefined, 1, 3])(
    "streams multi-byte text whole with chunkBytes %s",
    async (chunkBytes) => {
      const llm = mockOpenAI([
        { text: MULTIBYTE, stream: chunkBytes === undefined ? {} : { chunkBytes } },
      ]);
      server.use(...llm.handlers);
      const stream = openai().chat.completions.stream(ask());
      const deltas: string[] = [];
      stream.on("content", (delta) => deltas.push(delta));
      const final = await stream.finalChatCompletion();
      expect(final.choices[0]?.message.content).toBe(MULTIBYTE);
      expect(final.choices[0]?.finish_reason).toBe("stop");
      expect(deltas.length).toBeGreaterThan(5);
      expect(deltas.join("")).toBe(MULTIBYTE);
    },
  );

  it.each([1, 3, 7])(
    "streams several tool calls split mid-JSON and mid-character (chunkBytes %s)",
    async (chunkBytes) => {
      const llm = mockOpenAI([
        { text: "Let me check.", toolCalls: twoCalls, stream: { chunkBytes } },
      ]);
      server.use(...llm.handlers);
      const final = await openai().chat.completions.stream(ask()).finalChatCompletion();
      const choice = final.choices[0];
      expect(choice?.finish_reason).toBe("tool_calls");
      expect(choice?.message.content).toBe("Let me check.");
      const calls = choice?.message.tool_calls ?? [];
      expect(calls.map((c) => c.id)).toEqual(["call_weather", "call_mock1_1"]);
      expect(
        calls.map((c) => (c.type === "function" ? JSON.parse(c.function.arguments) : null)),
      ).toEqual(twoCalls.map((c) => c.arguments));
    },
  );

  it("sends tool-call fragments keyed by index: id and name first, then argument pieces", async () => {
    const llm = mockOpenAI([{ toolCalls: twoCalls }]);
    server.use(...llm.handlers);
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of await openai().chat.completions.create({ ...ask(), stream: true }))
      chunks.push(chunk);
    const fragments = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const first = fragments.filter((f) => f.index === 0);
    expect(first[0]).toMatchObject({
      index: 0,
      id: "call_weather",
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    expect(first.length).toBeGreaterThan(3);
    expect(first.slice(1).every((f) => f.id === undefined && f.function?.name === undefined)).toBe(
      true,
    );
    expect(first.map((f) => f.function?.arguments).join("")).toBe(
      JSON.stringify(twoCalls[0]?.arguments),
    );
    expect(fragments.filter((f) => f.index === 1)[0]?.id).toBe("call_mock1_1");
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(
      chunks.every((c) => c.object === "chat.completion.chunk" && c.id === "chatcmpl-mock1"),
    ).toBe(true);
  });

  it("sends the usage chunk only when stream_options.include_usage is set", async () => {
    const usage = { inputTokens: 12, outputTokens: 3 };
    const llm = mockOpenAI([
      { text: "hi", usage },
      { text: "hi", usage },
    ]);
    server.use(...llm.handlers);
    const withUsage: ChatCompletionChunk[] = [];
    const request = { ...ask(), stream: true as const, stream_options: { include_usage: true } };
    for await (const chunk of await openai().chat.completions.create(request))
      withUsage.push(chunk);
    const last = withUsage.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({
      prompt_tokens: 12,
      completion_tokens: 3,
      total_tokens: 15,
    });
    expect(withUsage.slice(0, -1).every((c) => c.usage === null)).toBe(true);

    const final = await openai().chat.completions.stream(ask()).finalChatCompletion();
    expect(final.usage).toBeUndefined();
  });

  it("writes data-only frames ending with [DONE]", async () => {
    const llm = mockOpenAI([{ text: "hi" }]);
    server.use(...llm.handlers);
    const response = await fetch("https://api.openai.com/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify({ ...ask(), stream: true }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text).not.toContain("event:");
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(
      text
        .split("\n\n")
        .filter(Boolean)
        .every((frame) => frame.startsWith("data: ")),
    ).toBe(true);
  });
});
