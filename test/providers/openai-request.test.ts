import { mockOpenAI } from "alice-agents/testing";
import { toStrictJsonSchema } from "openai/lib/transform";
import { describe, expect, it, vi } from "vitest";
import type { Message } from "../../src/messages/message.ts";
import type { ToolSpec } from "../../src/providers/language-model.ts";
import { createOpenAI } from "../../src/providers/openai/index.ts";
import {
  ask,
  drain,
  finishOf,
  openaiHarness,
  SECRET_KEY,
  searchTool,
  textOf,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();
const model = (settings = {}) => openaiHarness.model({ settings });

const search = searchTool;

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
            // Strict mode: every property required, no other properties.
            parameters: { ...search.parameters, additionalProperties: false },
            strict: true,
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

describe("openai: strictTools, by where the requests go", () => {
  const parameters = {
    type: "object",
    properties: { q: { type: "string" } },
    required: ["q"],
  } as const;
  const strictOf = async (options: Parameters<typeof createOpenAI>[0], baseURL?: string) => {
    const llm = mockOpenAI([{ text: "ok" }], baseURL === undefined ? {} : { baseURL });
    server.use(...llm.handlers);
    const chat = createOpenAI({ apiKey: "sk-test-strict", ...options })("gpt-4o-mini");
    await chat.generate(ask("x", { tools: [{ name: "t", description: "T", parameters }] }));
    const tools = llm.requests[0]?.body.tools as { function: { strict?: boolean } }[] | undefined;
    return tools?.[0]?.function.strict;
  };
  const local = "http://127.0.0.1:11434/v1";

  it("is on for the OpenAI API and off for a compatible server, unless set", async () => {
    expect(await strictOf({})).toBe(true);
    expect(await strictOf({ baseURL: local }, local)).toBeUndefined();
    expect(await strictOf({ strictTools: false })).toBeUndefined();
    expect(await strictOf({ baseURL: local, strictTools: true }, local)).toBe(true);
  });

  it("follows OPENAI_BASE_URL from one request to the next", async () => {
    const official = mockOpenAI([{ text: "ok" }, { text: "ok" }]);
    const compatible = mockOpenAI([{ text: "ok" }], { baseURL: local });
    server.use(...official.handlers, ...compatible.handlers);
    const chat = createOpenAI({ apiKey: "sk-test-strict" })("gpt-4o-mini");
    const request = ask("x", { tools: [{ name: "t", description: "T", parameters }] });
    const strictIn = (body: Record<string, unknown> | undefined) =>
      (body?.tools as { function: { strict?: boolean } }[] | undefined)?.[0]?.function.strict;
    try {
      await chat.generate(request);
      vi.stubEnv("OPENAI_BASE_URL", local);
      await chat.generate(request);
      vi.stubEnv("OPENAI_BASE_URL", "");
      await chat.generate(request);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(official.requests.map((r) => strictIn(r.body))).toEqual([true, true]);
    expect(compatible.requests.map((r) => strictIn(r.body))).toEqual([undefined]);
  });

  it("is an OptionsError when not a boolean", () => {
    expect(() => createOpenAI({ strictTools: "yes" as never })).toThrow(/strictTools/);
  });
});

describe("openai: tool schemas in strict mode", () => {
  const send = async (parameters: ToolSpec["parameters"]) => {
    const llm = mockOpenAI([{ text: "ok" }]);
    server.use(...llm.handlers);
    await model().generate(ask("x", { tools: [{ name: "t", description: "T", parameters }] }));
    return (llm.requests[0]?.body.tools as { function: Record<string, unknown> }[] | undefined)?.[0]
      ?.function;
  };
  const address = {
    type: "object",
    properties: { city: { type: "string" }, zip: { type: "string" } },
    required: ["city"],
  } as const;

  it("makes every property required, optional ones nullable, objects closed; moves defaults into the description", async () => {
    const sent = await send({
      type: "object",
      properties: {
        query: { type: "string", description: "What to find" },
        limit: { type: "integer", minimum: 1, default: 4, description: "How many" },
        mode: { type: "string", enum: ["fast", "deep"] },
        to: { $ref: "#/$defs/address" },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["query"],
      $defs: { address },
    });
    expect(sent).toEqual({
      name: "t",
      description: "T",
      strict: true,
      parameters: {
        type: "object",
        properties: {
          query: { type: "string", description: "What to find" },
          limit: { type: ["integer", "null"], minimum: 1, description: "How many (default: 4)" },
          mode: { type: ["string", "null"], enum: ["fast", "deep", null] },
          to: { anyOf: [{ $ref: "#/$defs/address" }, { type: "null" }] },
          tags: { type: ["array", "null"], items: { type: "string" } },
        },
        required: ["query", "limit", "mode", "to", "tags"],
        additionalProperties: false,
        $defs: {
          address: {
            type: "object",
            properties: { city: { type: "string" }, zip: { type: ["string", "null"] } },
            required: ["city", "zip"],
            additionalProperties: false,
          },
        },
      },
    });
    // What the SDK's own strict transform accepts unchanged is what the API accepts.
    expect(toStrictJsonSchema(sent?.parameters as never)).toEqual(sent?.parameters);
  });

  it.each<[string, ToolSpec["parameters"]]>([
    [
      "a map (additionalProperties as a schema)",
      {
        type: "object",
        properties: { tags: { type: "object", additionalProperties: { type: "string" } } },
      },
    ],
    [
      "oneOf",
      { type: "object", properties: { id: { oneOf: [{ type: "string" }, { type: "integer" }] } } },
    ],
    ["an array without items", { type: "object", properties: { list: { type: "array" } } }],
    ["a property that says no type", { type: "object", properties: { any: {} } }],
    [
      "a keyword of its own",
      { type: "object", properties: { q: { type: "string", "x-order": 1 } as never } },
    ],
  ])("falls back to the schema as written, without strict, for %s", async (_case, parameters) => {
    const sent = await send(parameters);
    expect(sent).toEqual({ name: "t", description: "T", parameters });
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
