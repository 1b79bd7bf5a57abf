import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Cassette, mockOpenAI } from "alice-agents/testing";
import { APIError } from "openai";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterAll, describe, expect, it } from "vitest";
import { MULTIBYTE, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();

/** A one-message Responses request body. */
const askResponses = (input = "What is 2 + 3?") => ({ model: "gpt-5-mini", input });

describe("mockOpenAI answers the Responses API (POST /v1/responses)", () => {
  it("estimates usage from the request's input and instructions when the turn scripts none", async () => {
    const inputTokens = async (input: string) => {
      server.use(...mockOpenAI([{ text: "ok" }]).handlers);
      const response = await openai().responses.create({
        model: "gpt-5-mini",
        instructions: "Be brief.",
        input,
      });
      return response.usage?.input_tokens ?? 0;
    };
    const short = await inputTokens("Hi");
    const long = await inputTokens("x".repeat(4000));
    expect(long - short).toBeGreaterThanOrEqual(990);
  });

  it("answers with a response object: output items, usage, status, the request's model and id", async () => {
    const llm = mockOpenAI([
      {
        text: "The answer is 5",
        usage: { inputTokens: 30, outputTokens: 6, cachedInputTokens: 10, reasoningTokens: 2 },
      },
    ]);
    server.use(...llm.handlers);
    const { data, request_id } = await openai().responses.create(askResponses()).withResponse();
    expect(data).toMatchObject({
      id: "resp_mock1",
      object: "response",
      status: "completed",
      model: "gpt-5-mini",
      error: null,
      incomplete_details: null,
      output: [
        {
          type: "message",
          id: "msg_mock1",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "The answer is 5", annotations: [] }],
        },
      ],
      usage: {
        input_tokens: 30,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens: 6,
        output_tokens_details: { reasoning_tokens: 2 },
        total_tokens: 36,
      },
    });
    // Computed by the SDK from the output items, as for the real API.
    expect(data.output_text).toBe("The answer is 5");
    expect(request_id).toBe("req_mock1");
    llm.assertComplete();
  });

  it("writes tool calls as function_call items (fc_ item id, call_id given or generated)", async () => {
    const llm = mockOpenAI([
      {
        toolCalls: [
          { id: "call_weather", name: "get_weather", arguments: { city: "Zürich" } },
          { name: "get_time", arguments: '{"zone": ' },
        ],
      },
    ]);
    server.use(...llm.handlers);
    const response = await openai().responses.create(askResponses());
    expect(response.output).toEqual([
      {
        type: "function_call",
        id: "fc_mock1_0",
        call_id: "call_weather",
        name: "get_weather",
        arguments: '{"city":"Zürich"}',
        status: "completed",
      },
      {
        type: "function_call",
        id: "fc_mock1_1",
        call_id: "call_mock1_1",
        name: "get_time",
        arguments: '{"zone": ',
        status: "completed",
      },
    ]);
  });

  it("writes reasoning as reasoning items with their summary and encrypted content, before the answer", async () => {
    const llm = mockOpenAI([
      {
        reasoning: [
          { text: "Add them.", encryptedContent: "gAAA-enc" },
          { encryptedContent: "gBBB" },
        ],
        text: "5",
      },
    ]);
    server.use(...llm.handlers);
    const response = await openai().responses.create(askResponses());
    expect(response.output.slice(0, 2)).toEqual([
      {
        type: "reasoning",
        id: "rs_mock1_0",
        summary: [{ type: "summary_text", text: "Add them." }],
        encrypted_content: "gAAA-enc",
      },
      { type: "reasoning", id: "rs_mock1_1", summary: [], encrypted_content: "gBBB" },
    ]);
    expect(response.output_text).toBe("5");
  });

  it.each([
    ["stop", "completed", null],
    ["tool-calls", "completed", null],
    ["length", "incomplete", { reason: "max_output_tokens" }],
    ["content-filter", "incomplete", { reason: "content_filter" }],
    ["other", "incomplete", { reason: "max_messages" }],
    ["cancelled", "cancelled", null],
    ["something_new", "incomplete", { reason: "something_new" }],
  ])("writes finishReason %s as status %s", async (finishReason, status, details) => {
    const llm = mockOpenAI([{ text: "x", finishReason }]);
    server.use(...llm.handlers);
    const response = await openai().responses.create(askResponses());
    expect([response.status, response.incomplete_details]).toEqual([status, details]);
  });

  it("writes a refusal as a refusal content part", async () => {
    const llm = mockOpenAI([{ text: "I can't help with that.", finishReason: "refusal" }]);
    server.use(...llm.handlers);
    const response = await openai().responses.create(askResponses());
    const [message] = response.output;
    expect(message?.type === "message" && message.content).toEqual([
      { type: "refusal", refusal: "I can't help with that." },
    ]);
  });
});

describe("mockOpenAI streams the Responses API", () => {
  it("streams named events the SDK's ResponseStream assembles into the same response, through 1-byte chunks", async () => {
    const turn = {
      reasoning: [{ text: "Think about Zürich.", encryptedContent: "enc" }],
      text: MULTIBYTE,
      toolCalls: [{ id: "call_1", name: "lookup", arguments: { q: "東京 🎉" } }],
      usage: { inputTokens: 9, outputTokens: 7 },
    };
    const llm = mockOpenAI([turn, { ...turn, stream: { chunkBytes: 1 } }]);
    server.use(...llm.handlers);
    const whole = await openai().responses.create(askResponses());
    const stream = openai().responses.stream(askResponses());
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();
    expect(llm.requests[1]?.stream).toBe(true);
    // The same items as the JSON answer, ids of request 2 (the SDK adds its parsed fields).
    const sameItems: unknown = JSON.parse(
      JSON.stringify(whole.output).replaceAll("mock1", "mock2"),
    );
    expect(final.output).toMatchObject(sameItems as object);
    expect(final.usage).toEqual(whole.usage);
    expect(final.output_text).toBe(MULTIBYTE);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const types = events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(["response.created", "response.in_progress"]);
    expect(types.at(-1)).toBe("response.completed");
    const text = events.map((e) => (e.type === "response.output_text.delta" ? e.delta : ""));
    expect(text.join("")).toBe(MULTIBYTE);
    const summary = events.map((e) =>
      e.type === "response.reasoning_summary_text.delta" ? e.delta : "",
    );
    expect(summary.join("")).toBe("Think about Zürich.");
    const args = events.map((e) =>
      e.type === "response.function_call_arguments.delta" ? e.delta : "",
    );
    expect(args.join("")).toBe('{"q":"東京 🎉"}');
  });

  it("sends every event with an event: line and no [DONE]", async () => {
    const llm = mockOpenAI([{ text: "hi", finishReason: "length" }]);
    server.use(...llm.handlers);
    const response = await fetch("https://api.openai.com/v1/responses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...askResponses(), stream: true }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const frames = (await response.text()).trim().split("\n\n");
    for (const frame of frames) expect(frame).toMatch(/^event: response\.[a-z_.]+\ndata: \{/);
    expect(frames.at(-1)).toContain('"type":"response.incomplete"');
    expect(frames.at(-1)).toContain('"incomplete_details":{"reason":"max_output_tokens"}');
    expect(frames.join("")).not.toContain("[DONE]");
  });

  it("sends an error event the SDK throws as an APIError, and can leave out the terminal event", async () => {
    const llm = mockOpenAI([
      { text: "a b c", stream: { errorEvent: { type: "server_error", message: "boom" } } },
      { text: "a b c", stream: { endWithoutDone: true } },
    ]);
    server.use(...llm.handlers);
    const failing = await openai().responses.create({ ...askResponses(), stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of failing) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain("boom");
    expect(seen).toContain("response.output_text.done");
    expect(seen).not.toContain("response.completed");
    const cut = await openai().responses.create({ ...askResponses(), stream: true });
    const types: string[] = [];
    for await (const event of cut) types.push(event.type);
    expect(types).toContain("response.output_item.done");
    expect(types.some((t) => t.startsWith("response.completed"))).toBe(false);
  });
});

describe("mockOpenAI's script and log across both OpenAI APIs", () => {
  it("answers Chat Completions and Responses requests from one script, in order of arrival", async () => {
    const llm = mockOpenAI([{ text: "chat" }, { text: "responses" }]);
    server.use(...llm.handlers);
    const chat = await openai().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "one" }],
    });
    const responses = await openai().responses.create(askResponses("two"));
    expect(chat.choices[0]?.message.content).toBe("chat");
    expect(responses.output_text).toBe("responses");
    expect(llm.requests.map((r) => [r.turn, new URL(r.url).pathname])).toEqual([
      [0, "/v1/chat/completions"],
      [1, "/v1/responses"],
    ]);
    llm.assertComplete();
  });

  it("summarises Responses bodies like Chat ones: last user text, tools offered, tool results", async () => {
    const llm = mockOpenAI([{ text: "done" }]);
    server.use(...llm.handlers);
    await openai().responses.create({
      model: "gpt-5-mini",
      instructions: "Be brief.",
      input: [
        { role: "user", content: [{ type: "input_text", text: "Weather in Paris?" }] },
        { type: "function_call", call_id: "call_1", name: "weather", arguments: "{}" },
        { type: "function_call_output", call_id: "call_1", output: "sunny" },
      ],
      tools: [{ type: "function", name: "weather", parameters: null, strict: false }],
    });
    expect(llm.requests[0]).toMatchObject({
      provider: "openai",
      model: "gpt-5-mini",
      lastUserText: "Weather in Paris?",
      toolNames: ["weather"],
      toolResults: [{ toolCallId: "call_1", content: "sunny" }],
      stream: false,
    });
  });

  it("answers an error turn on /responses in OpenAI's error format, and a request beyond the script as a failure", async () => {
    const llm = mockOpenAI([{ error: { status: 429, headers: { "retry-after-ms": "1" } } }]);
    server.use(...llm.handlers);
    const limited = await openai()
      .responses.create(askResponses())
      .catch((e: unknown) => e);
    expect(limited).toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      requestID: "req_mock1",
    });
    const extra = await openai()
      .responses.create(askResponses("again?"))
      .catch((e: unknown) => e);
    expect(extra).toMatchObject({ status: 400, code: "MOCK_UNEXPECTED_REQUEST" });
    expect(() => llm.assertComplete()).toThrow(/received request #2, but its script has only 1/);
  });
});

describe("mockOpenAI replays Responses API cassettes", () => {
  const dir = mkdtempSync(join(tmpdir(), "alice-responses-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("replays a recorded /responses exchange, streamed, and checks the request against it", async () => {
    const body = { ...askResponses("hello"), stream: true as const };
    const completed = {
      type: "response.completed",
      sequence_number: 2,
      response: {
        id: "resp_rec",
        object: "response",
        status: "completed",
        model: "gpt-5-mini",
        output: [
          {
            type: "message",
            id: "msg_rec",
            role: "assistant",
            status: "completed",
            content: [{ type: "output_text", text: "Hi!", annotations: [] }],
          },
        ],
        usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 },
      },
    };
    const cassette: Cassette = {
      version: 1,
      provider: "openai",
      recordedAt: "2026-12-06T00:00:00.000Z",
      interactions: [
        {
          request: {
            method: "POST",
            url: "https://api.openai.com/v1/responses",
            headers: {},
            body,
          },
          response: {
            status: 200,
            headers: { "content-type": "text/event-stream", "x-request-id": "req_rec" },
            events: [
              {
                event: "response.output_text.delta",
                data: {
                  type: "response.output_text.delta",
                  sequence_number: 1,
                  item_id: "msg_rec",
                  output_index: 0,
                  content_index: 0,
                  delta: "Hi!",
                },
              },
              { event: "response.completed", data: completed },
            ],
          },
        },
      ],
    };
    const path = join(dir, "responses.json");
    writeFileSync(path, JSON.stringify(cassette));
    const llm = mockOpenAI([], { cassette: path });
    server.use(...llm.handlers);
    const stream = await openai().responses.create(body);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(["response.output_text.delta", "response.completed"]);
    expect(llm.requests[0]?.lastUserText).toBe("hello");
    llm.assertComplete();
  });
});
