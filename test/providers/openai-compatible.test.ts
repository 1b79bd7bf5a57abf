import { mockOpenAI } from "alice-agents/testing";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createOpenAI } from "../../src/providers/openai/index.ts";
import {
  ask,
  drain,
  finishOf,
  openaiHarness,
  providerError,
  searchTool,
  textOf,
  useMockServer,
} from "./harness.ts";
import { OPENAI_URL, rawRoute, sse, sseResponse } from "./raw-responses.ts";

const server = useMockServer();
const model = (settings = {}) => openaiHarness.model({ settings });

const search = searchTool;

function chunk(delta: object, finish: string | null = null, usage: object | null = null) {
  return {
    id: "chatcmpl-raw",
    object: "chat.completion.chunk",
    created: 1,
    model: "llama3.1",
    choices: [{ index: 0, delta, finish_reason: finish }],
    usage,
  };
}

describe("openai: OpenAI-compatible servers", () => {
  it("talks to any baseURL under its own provider name", async () => {
    const baseURL = "http://localhost:11434/v1";
    const llm = mockOpenAI([{ error: { status: 404, message: "model 'llama9' not found" } }], {
      baseURL,
    });
    server.use(...llm.handlers);
    const ollama = createOpenAI({ baseURL, apiKey: "ollama", name: "ollama" })("llama9");
    expect(ollama.provider).toBe("ollama");
    const error = await providerError(ollama.generate(ask()));
    expect(error).toMatchObject({
      code: "PROVIDER_NOT_FOUND",
      provider: "ollama",
      model: "llama9",
    });
    expect(error.message).toContain('ollama model "llama9"');
    expect(llm.requests[0]?.url).toBe(`${baseURL}/chat/completions`);
  });

  it("keeps parallel calls apart when a server sends them all at index 0 (Ollama)", async () => {
    const frames = [
      chunk({ role: "assistant", content: "" }),
      chunk({
        tool_calls: [{ index: 0, id: "call_a", function: { name: "search", arguments: '{"q":' } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] }),
      chunk({
        tool_calls: [
          { index: 0, id: "call_b", function: { name: "search", arguments: '{"q":"b"}' } },
        ],
      }),
      chunk({}, "tool_calls"),
      "[DONE]",
    ];
    const route = rawRoute(OPENAI_URL, () => sseResponse(sse(frames)));
    server.use(route.handler);
    const { parts, error } = await drain(model().stream(ask("x", { tools: [search] })));
    expect(error).toBeUndefined();
    expect(finishOf(parts).message.toolCalls).toEqual([
      { id: "call_a", name: "search", arguments: '{"q":"a"}' },
      { id: "call_b", name: "search", arguments: '{"q":"b"}' },
    ]);
  });

  it("joins a split tool name, gives empty and repeated ids unique ones, reads CRLF frames", async () => {
    const frames = [
      chunk({ tool_calls: [{ index: 0, id: "", function: { name: "sea", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: "rch", arguments: '{"q":"x"}' } }] }),
      chunk({
        tool_calls: [{ index: 1, id: "dup", function: { name: "search", arguments: "{}" } }],
      }),
      chunk({
        tool_calls: [{ index: 2, id: "dup", function: { name: "search", arguments: "{}" } }],
      }),
      chunk({}, "tool_calls"),
      chunk({}, null, { prompt_tokens: 5, completion_tokens: 3 }),
    ];
    const route = rawRoute(OPENAI_URL, () => sseResponse(sse(frames, "\r\n"), 3));
    server.use(route.handler);
    const { parts } = await drain(model().stream(ask("x", { tools: [search] })));
    const response = finishOf(parts);
    const calls = response.message.toolCalls ?? [];
    expect(calls.map((c) => c.name)).toEqual(["search", "search", "search"]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(3);
    expect(calls.every((c) => c.id !== "")).toBe(true);
    expect(calls[0]?.arguments).toBe('{"q":"x"}');
    expect(response.message.usage).toEqual({ inputTokens: 5, outputTokens: 3 });
    expect(response.message.model).toBe("llama3.1");
  });

  it("rejects an absurd tool-call index instead of allocating for it", async () => {
    const frames = [
      chunk({
        tool_calls: [{ index: 4294967295, id: "c", function: { name: "search", arguments: "" } }],
      }),
    ];
    const route = rawRoute(OPENAI_URL, () => sseResponse(sse(frames)));
    server.use(route.handler);
    const { error } = await drain(model().stream(ask("x", { tools: [search] })));
    const failure = await providerError(Promise.reject(error));
    expect(failure).toMatchObject({
      code: "PROVIDER_INVALID_RESPONSE",
      isRetryable: false,
      attempts: 1,
    });
    expect(route.bodies).toHaveLength(1);
  });

  it("reports `stop` beside tool calls (some servers send it) as tool-calls", async () => {
    const llm = mockOpenAI([
      { toolCalls: [{ name: "search", arguments: { q: "a" } }], finishReason: "stop" },
    ]);
    server.use(...llm.handlers);
    const response = await model().generate(ask("x", { tools: [search] }));
    expect(response.message.finishReason).toBe("tool-calls");
  });

  it.each([
    ["null", "stop", null, undefined],
    ["absent", "stop", undefined, undefined],
    [
      "null beside a tool call",
      "tool-calls",
      null,
      [{ id: "call_1", type: "function", function: { name: "search", arguments: '{"q":"x"}' } }],
    ],
    ["an unknown value", "other", "some_new_reason", undefined],
  ])(
    "reads a non-streamed answer whose finish_reason is %s as %s",
    async (_name, expected, finish, toolCalls) => {
      const route = rawRoute(OPENAI_URL, () =>
        HttpResponse.json({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 1,
          model: "llama3.1",
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: "Done.",
                ...(toolCalls ? { tool_calls: toolCalls } : {}),
              },
              ...(finish === undefined ? {} : { finish_reason: finish }),
            },
          ],
          usage: { prompt_tokens: 5, completion_tokens: 2 },
        }),
      );
      server.use(route.handler);
      const response = await model().generate(ask("x", { tools: [search] }));
      expect(response.message.finishReason).toBe(expected);
      expect(response.message.content).toBe("Done.");
    },
  );

  it("still fails a stream that ends without any finish_reason (it may have been cut off)", async () => {
    const frames = [chunk({ role: "assistant", content: "Half an ans" }), "[DONE]"];
    const route = rawRoute(OPENAI_URL, () => sseResponse(sse(frames)));
    server.use(route.handler);
    const { parts, error } = await drain(model().stream(ask()));
    expect(textOf(parts)).toBe("Half an ans");
    expect(parts.some((p) => p.type === "finish")).toBe(false);
    expect(await providerError(Promise.reject(error))).toMatchObject({
      code: "PROVIDER_STREAM_ERROR",
    });
  });

  it.each([
    ["a 200 without choices", () => HttpResponse.json({ object: "list", data: [] })],
    [
      "a captive-portal HTML page",
      () => new HttpResponse("<html>Log in</html>", { headers: { "content-type": "text/html" } }),
    ],
  ])("fails with PROVIDER_INVALID_RESPONSE, without retrying, on %s", async (_name, respond) => {
    const route = rawRoute(OPENAI_URL, respond);
    server.use(route.handler);
    const error = await providerError(model().generate(ask()));
    expect(error).toMatchObject({
      code: "PROVIDER_INVALID_RESPONSE",
      isRetryable: false,
      attempts: 1,
    });
    expect(route.bodies).toHaveLength(1);
  });
});
