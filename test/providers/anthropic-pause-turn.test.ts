import { mockAnthropic } from "alice-agents/testing";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/messages/json.ts";
import { MAX_PAUSE_CONTINUATIONS } from "../../src/providers/anthropic/index.ts";
import type { LanguageModel, ModelRequest, ModelResponse } from "../../src/providers/index.ts";
import {
  anthropicHarness,
  ask,
  drain,
  finishOf,
  providerError,
  searchTool,
  textOf,
  useMockServer,
} from "./harness.ts";
import { ANTHROPIC_URL, rawRoute, sse, sseResponse } from "./raw-responses.ts";

const server = useMockServer();
const model = () => anthropicHarness.model();

/** Answers each request with the next response of `answers`, recording the bodies. */
function answerInTurn(answers: readonly (() => Response)[]) {
  let next = 0;
  return rawRoute(ANTHROPIC_URL, () => {
    const answer = answers[next++];
    if (answer === undefined) throw new Error(`unexpected request #${next}`);
    return answer();
  });
}

/** What a paused web-search turn sends: text, the server tool's call and its result. */
const PAUSED_CONTENT = [
  { type: "text", text: "Let me search.", citations: null },
  {
    type: "server_tool_use",
    id: "srvtoolu_1",
    name: "web_search",
    input: { query: "weather Paris" },
  },
  {
    type: "web_search_tool_result",
    tool_use_id: "srvtoolu_1",
    content: [
      {
        type: "web_search_result",
        url: "https://weather.example/paris",
        title: "Paris weather",
        encrypted_content: "EncRyPtEd==",
        page_age: null,
      },
    ],
  },
];

function message(content: readonly object[], stopReason: string, usage: object, extra = {}) {
  return HttpResponse.json(
    {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5",
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage,
      ...extra,
    },
    { headers: { "request-id": `req_${stopReason}` } },
  );
}

const CONTAINER = { id: "container_1", expires_at: "2026-01-01T00:00:00Z", skills: null };

function lastMessage(body: unknown): unknown {
  return ((body as JsonObject).messages as unknown[]).at(-1);
}

describe("anthropic: a paused turn (pause_turn)", () => {
  it("generate() sends the paused content back as-is and returns one joined answer", async () => {
    const route = answerInTurn([
      () =>
        message(
          PAUSED_CONTENT,
          "pause_turn",
          { input_tokens: 100, output_tokens: 20 },
          { container: CONTAINER },
        ),
      () =>
        message([{ type: "text", text: " Paris is sunny." }], "end_turn", {
          input_tokens: 150,
          output_tokens: 10,
        }),
    ]);
    server.use(route.handler);
    const response = await model().generate(ask("Weather in Paris?", { tools: [searchTool] }));
    expect(response).toMatchObject({
      message: {
        content: "Let me search. Paris is sunny.",
        finishReason: "stop",
        usage: { inputTokens: 250, outputTokens: 30 },
      },
      requestId: "req_end_turn",
      attempts: 2,
    });
    expect(response).not.toHaveProperty("resume");
    expect(route.bodies).toHaveLength(2);
    const [first, second] = route.bodies as [JsonObject, JsonObject];
    expect(lastMessage(second)).toEqual({ role: "assistant", content: PAUSED_CONTENT });
    expect(second.messages).toEqual([...(first.messages as unknown[]), lastMessage(second)]);
    expect(second.tools).toEqual(first.tools);
    expect(second.container).toBe("container_1");
  });

  it("stream() rebuilds the streamed blocks exactly, keeps yielding, and ends with one finish", async () => {
    const start = (usage: object) => ({
      type: "message_start",
      message: {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-haiku-4-5",
        content: [],
        stop_reason: null,
        usage,
      },
    });
    const paused = [
      start({ input_tokens: 100, output_tokens: 1 }),
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "thinking", thinking: "", signature: "" },
      },
      { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Hm" } },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "signature_delta", signature: "sig" },
      },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Let me " } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "search." } },
      { type: "content_block_stop", index: 1 },
      {
        type: "content_block_start",
        index: 2,
        content_block: { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} },
      },
      {
        type: "content_block_delta",
        index: 2,
        delta: { type: "input_json_delta", partial_json: '{"query": "weat' },
      },
      {
        type: "content_block_delta",
        index: 2,
        delta: { type: "input_json_delta", partial_json: 'her Paris"}' },
      },
      { type: "content_block_stop", index: 2 },
      { type: "content_block_start", index: 3, content_block: PAUSED_CONTENT[2] },
      { type: "content_block_stop", index: 3 },
      {
        type: "message_delta",
        delta: { stop_reason: "pause_turn", stop_sequence: null, container: CONTAINER },
        usage: { output_tokens: 20 },
      },
      { type: "message_stop" },
    ];
    const done = [
      start({ input_tokens: 150, output_tokens: 1 }),
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: " Paris is sunny." },
      },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 10 } },
      { type: "message_stop" },
    ];
    const route = answerInTurn([
      () => sseResponse(sse(paused, "\n", true), 7),
      () => sseResponse(sse(done, "\n", true), 7),
    ]);
    server.use(route.handler);
    const { parts, error } = await drain(model().stream(ask("Weather in Paris?")));
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe("Let me search. Paris is sunny.");
    expect(finishOf(parts)).toMatchObject({
      message: {
        content: "Let me search. Paris is sunny.",
        finishReason: "stop",
        usage: { inputTokens: 250, outputTokens: 30 },
      },
      attempts: 2,
    });
    expect(finishOf(parts)).not.toHaveProperty("resume");
    const second = route.bodies[1] as JsonObject;
    expect(lastMessage(second)).toEqual({
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Hm", signature: "sig" },
        { type: "text", text: "Let me search." },
        {
          type: "server_tool_use",
          id: "srvtoolu_1",
          name: "web_search",
          input: { query: "weather Paris" },
        },
        PAUSED_CONTENT[2],
      ],
    });
    expect(second.container).toBe("container_1");
  });

  it("adds the paused content to an assistant prefill that ends the conversation", async () => {
    const llm = mockAnthropic([
      { text: "4,", finishReason: "pause_turn" },
      { text: " final answer." },
    ]);
    server.use(...llm.handlers);
    const request: ModelRequest = {
      messages: [
        { role: "user", content: "2 + 2?" },
        { role: "assistant", content: "The answer is" },
      ],
    };
    const response = await model().generate(request);
    expect(response.message.content).toBe("4, final answer.");
    expect(lastMessage(llm.requests[1]?.body)).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "The answer is" },
        { type: "text", text: "4," },
      ],
    });
    llm.assertComplete();
  });

  const calls: [string, (m: LanguageModel, r: ModelRequest) => Promise<ModelResponse>][] = [
    ["generate", (m, r) => m.generate(r)],
    [
      "stream",
      async (m, r) => {
        const { parts, error } = await drain(m.stream(r));
        if (error !== undefined) throw error;
        return finishOf(parts);
      },
    ],
  ];

  describe.each(calls)("%s()", (_name, call) => {
    it(`continues at most ${MAX_PAUSE_CONTINUATIONS} times, then answers with finish reason other`, async () => {
      const turns = Array.from({ length: MAX_PAUSE_CONTINUATIONS + 1 }, (_, n) => ({
        text: `part ${n}. `,
        finishReason: "pause_turn",
      }));
      const llm = mockAnthropic(turns);
      server.use(...llm.handlers);
      const response = await call(model(), ask());
      expect(llm.requests).toHaveLength(MAX_PAUSE_CONTINUATIONS + 1);
      llm.assertComplete();
      expect(response.message.finishReason).toBe("other");
      expect(response.message.content).toBe(turns.map((t) => t.text).join(""));
      expect(response.attempts).toBe(MAX_PAUSE_CONTINUATIONS + 1);
      expect(response).not.toHaveProperty("resume");
    });

    it("retries a failed continuation on its own, without sending the first request again", async () => {
      const llm = mockAnthropic([
        { text: "Searching.", finishReason: "pause_turn" },
        { error: { status: 529 } },
        { text: " Found it." },
      ]);
      server.use(...llm.handlers);
      const response = await call(model(), ask());
      expect(response.message).toMatchObject({
        content: "Searching. Found it.",
        finishReason: "stop",
      });
      expect(response.attempts).toBe(3);
      expect(llm.requests[1]?.body).toEqual(llm.requests[2]?.body);
      expect(lastMessage(llm.requests[2]?.body)).toEqual({
        role: "assistant",
        content: [{ type: "text", text: "Searching." }],
      });
    });
  });

  it("generate() counts every attempt in the error when a continuation fails for good", async () => {
    const llm = mockAnthropic([
      { text: "Searching.", finishReason: "pause_turn" },
      { error: { status: 400, message: "bad continuation" } },
    ]);
    server.use(...llm.handlers);
    const error = await providerError(model().generate(ask()));
    expect(error).toMatchObject({ code: "PROVIDER_BAD_REQUEST", attempts: 2 });
  });

  it("stream() ends with PROVIDER_STREAM_ERROR when a continuation fails after text was yielded", async () => {
    const llm = mockAnthropic([
      { text: "Searching.", finishReason: "pause_turn" },
      { error: { status: 400, message: "bad continuation" } },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(model().stream(ask()));
    expect(textOf(parts)).toBe("Searching.");
    expect(parts.some((p) => p.type === "finish")).toBe(false);
    expect(await providerError(Promise.reject(error))).toMatchObject({
      code: "PROVIDER_STREAM_ERROR",
      status: 400,
      attempts: 2,
    });
  });
});
