import { mockOpenAI } from "alice-agents/testing";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/message.ts";
import type { ToolSpec } from "../../src/providers/model-provider.ts";
import { createOpenAI } from "../../src/providers/openai/index.ts";
import {
  ask,
  drain,
  finishOf,
  openaiHarness,
  providerError,
  SECRET_KEY,
  textOf,
  useMockServer,
} from "./harness.ts";
import { OPENAI_URL, rawRoute, sse, sseResponse } from "./raw-responses.ts";

const server = useMockServer();
const model = (settings = {}) => openaiHarness.model({ settings });

const search: ToolSpec = {
  name: "search",
  description: "Search the web",
  parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
};

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

describe("openai: the Chat Completions request", () => {
  it("sends messages, tools and settings in the Chat Completions format", async () => {
    const llm = mockOpenAI([{ text: "ok" }]);
    server.use(...llm.handlers);
    const messages: Message[] = [
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", url: "https://example.com/cat.png" },
        ],
      },
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "call_1", name: "search", arguments: '{"q":"cat"}' }],
      },
      { role: "tool", toolCallId: "call_1", toolName: "search", content: "a cat" },
    ];
    await model({
      seed: 7,
      toolChoice: "required",
      parallelToolCalls: false,
      maxOutputTokens: 50,
    }).generate({
      messages,
      tools: [search],
    });
    expect(llm.requests[0]?.body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "search", arguments: '{"q":"cat"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "a cat" },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "search",
            description: "Search the web",
            parameters: search.parameters,
          },
        },
      ],
      tool_choice: "required",
      parallel_tool_calls: false,
      max_completion_tokens: 50,
      seed: 7,
    });
  });

  it("names a forced tool, and sends no tool_choice or parallel_tool_calls without tools", async () => {
    const llm = mockOpenAI([{ text: "a" }, { text: "b" }]);
    server.use(...llm.handlers);
    const m = model({ toolChoice: { name: "search" }, parallelToolCalls: true });
    await m.generate(ask("x", { tools: [search] }));
    await m.generate(ask("y"));
    expect(llm.requests[0]?.body.tool_choice).toEqual({
      type: "function",
      function: { name: "search" },
    });
    expect(llm.requests[1]?.body).not.toHaveProperty("tool_choice");
    expect(llm.requests[1]?.body).not.toHaveProperty("parallel_tool_calls");
  });

  it("asks for usage in streams, and sends max_tokens when told to", async () => {
    const llm = mockOpenAI([
      { text: "ok", usage: { inputTokens: 9, outputTokens: 2, reasoningTokens: 1 } },
    ]);
    server.use(...llm.handlers);
    const legacy = createOpenAI({ apiKey: SECRET_KEY, maxTokensParameter: "max_tokens" });
    const { parts } = await drain(legacy("gpt-4o-mini", { maxOutputTokens: 64 }).stream(ask()));
    expect(llm.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
    });
    expect(llm.requests[0]?.body).not.toHaveProperty("max_completion_tokens");
    expect(finishOf(parts).message.usage).toEqual({
      inputTokens: 9,
      outputTokens: 2,
      cachedInputTokens: 0,
      reasoningTokens: 1,
    });
  });
});

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

describe("openai: answers", () => {
  it("returns a refusal as the content, with finish reason refusal, streamed or not", async () => {
    const llm = mockOpenAI([
      { text: "I can't help with that.", finishReason: "refusal" },
      { text: "I can't help with that.", finishReason: "refusal" },
    ]);
    server.use(...llm.handlers);
    const response = await model().generate(ask());
    expect(response.message).toMatchObject({
      content: "I can't help with that.",
      finishReason: "refusal",
    });
    const { parts } = await drain(model().stream(ask()));
    expect(textOf(parts)).toBe("I can't help with that.");
    expect(finishOf(parts).message.finishReason).toBe("refusal");
  });

  it("reports content_filter as content-filter", async () => {
    const llm = mockOpenAI([{ text: "Partial", finishReason: "content-filter" }]);
    server.use(...llm.handlers);
    expect((await model().generate(ask())).message.finishReason).toBe("content-filter");
  });

  it("streams no complete tool-call part for a call cut off by the length limit", async () => {
    const llm = mockOpenAI([
      {
        toolCalls: [{ id: "call_w", name: "search", arguments: '{"q":"unfinished' }],
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

  it("uses the retry timings given to createOpenAI", async () => {
    const llm = mockOpenAI([
      { error: { status: 500, headers: { "retry-after-ms": "" } } },
      { text: "ok" },
    ]);
    server.use(...llm.handlers);
    const delays: number[] = [];
    const slowish = createOpenAI({
      apiKey: SECRET_KEY,
      retry: { minDelayMs: 40, maxDelayMs: 100, jitter: 0 },
    });
    await slowish("gpt-4o-mini").generate(ask(), { onRetry: (n) => delays.push(n.delayMs) });
    expect(delays).toEqual([40]);
  });
});
