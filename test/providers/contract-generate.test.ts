import { describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/message.ts";
import type { ToolSpec } from "../../src/providers/language-model.ts";
import {
  ask,
  drain,
  providerError,
  SECRET_KEY,
  sentHeaders,
  useMockServer,
  wireHarnesses,
  wiresWith,
  wiresWithout,
} from "./harness.ts";

const server = useMockServer();

const weather: ToolSpec = {
  name: "get_weather",
  description: "Weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};
const clock: ToolSpec = {
  name: "get-time",
  description: "Time in a zone",
  parameters: { type: "object", properties: { zone: { type: "string" } } },
};

describe.each(wireHarnesses)("$name: generate()", (h) => {
  it("returns the text, usage, model, finish reason and request id of one attempt", async () => {
    const llm = h.mock([
      {
        text: "The answer is 5",
        usage: { inputTokens: 30, outputTokens: 6, cachedInputTokens: 10 },
      },
    ]);
    server.use(...llm.handlers);
    const response = await h.model().generate(ask());
    expect(response).toMatchObject({
      message: {
        role: "assistant",
        content: "The answer is 5",
        usage: { inputTokens: 30, outputTokens: 6, cachedInputTokens: 10 },
        model: h.modelId,
        finishReason: "stop",
      },
      requestId: "req_mock1",
      attempts: 1,
    });
    expect(response.message.toolCalls).toBeUndefined();
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]?.url).toBe(h.url);
    expect(llm.requests[0]?.body.model).toBe(h.modelId);
    expect(llm.requests[0]?.lastUserText).toBe("What is 2 + 3?");
    expect(llm.requests[0]?.stream).toBe(false);
    llm.assertComplete();
  });

  it("returns parallel tool calls with their ids and JSON arguments, and sends the tools", async () => {
    const llm = h.mock([
      {
        toolCalls: [
          { id: "call_paris", name: "get_weather", arguments: { city: "Paris" } },
          { id: "call_tokyo", name: "get-time", arguments: { zone: "Asia/Tokyo" } },
        ],
      },
    ]);
    server.use(...llm.handlers);
    const response = await h
      .model()
      .generate(ask("Weather and time?", { tools: [weather, clock] }));
    expect(response.message.finishReason).toBe("tool-calls");
    const calls = response.message.toolCalls ?? [];
    expect(calls.map((c) => [c.id, c.name])).toEqual([
      ["call_paris", "get_weather"],
      ["call_tokyo", "get-time"],
    ]);
    expect(calls.map((c) => JSON.parse(c.arguments))).toEqual([
      { city: "Paris" },
      { zone: "Asia/Tokyo" },
    ]);
    expect(llm.requests[0]?.toolNames).toEqual(["get_weather", "get-time"]);
  });

  it("sends tool results tied to their call ids, in order, with the error flag", async () => {
    const llm = h.mock([{ text: "Paris is sunny; Tokyo is 9 pm." }]);
    server.use(...llm.handlers);
    const messages: Message[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Weather and time?" },
      {
        role: "assistant",
        content: "",
        toolCalls: [
          { id: "call_paris", name: "get_weather", arguments: '{"city":"Paris"}' },
          { id: "call_tokyo", name: "get-time", arguments: '{"zone":"Asia/Tokyo"}' },
        ],
      },
      { role: "tool", toolCallId: "call_paris", toolName: "get_weather", content: "sunny" },
      {
        role: "tool",
        toolCallId: "call_tokyo",
        toolName: "get-time",
        content: "clock broke",
        isError: true,
      },
    ];
    const response = await h.model().generate({ messages, tools: [weather, clock] });
    expect(response.message.content).toBe("Paris is sunny; Tokyo is 9 pm.");
    const results = llm.requests[0]?.toolResults ?? [];
    expect(results.map((r) => [r.toolCallId, r.content])).toEqual([
      ["call_paris", "sunny"],
      ["call_tokyo", "clock broke"],
    ]);
    if (h.supports.has("toolErrorFlag")) expect(results[1]?.isError).toBe(true);
  });

  it.each([
    ["length", "length"],
    ["refusal", "refusal"],
    ["stop", "stop"],
  ] as const)("normalises a %s finish to %s", async (scripted, expected) => {
    const llm = h.mock([{ text: "Partial answ", finishReason: scripted }]);
    server.use(...llm.handlers);
    const response = await h.model().generate(ask());
    expect(response.message.finishReason).toBe(expected);
    expect(response.message.content).toBe("Partial answ");
  });

  it("sends the settings under the provider's names; the request's settings win over the model's", async () => {
    const llm = h.mock([{ text: "ok" }]);
    server.use(...llm.handlers);
    const model = h.model({ settings: { temperature: 0.9, maxOutputTokens: 300, topP: 0.5 } });
    await model.generate(ask("hi", { settings: { temperature: 0.1 }, tools: [weather] }));
    const body = llm.requests[0]?.body ?? {};
    expect(body.temperature).toBe(0.1);
    expect(body.top_p).toBe(0.5);
    expect(h.maxTokens(body)).toBe(300);
  });

  it("merges providerOptions into the body as given", async () => {
    const llm = h.mock([{ text: "ok" }]);
    server.use(...llm.handlers);
    const model = h.model({ settings: { providerOptions: { metadata: { user_id: "u1" } } } });
    await model.generate(ask("hi", { settings: { providerOptions: { service_tier: "auto" } } }));
    expect(llm.requests[0]?.body).toMatchObject({
      metadata: { user_id: "u1" },
      service_tier: "auto",
    });
  });

  it("rejects an invalid tool name with a typed error before sending anything", async () => {
    const llm = h.mock([]);
    server.use(...llm.handlers);
    const bad = { ...weather, name: "get weather!" };
    const error = await providerError(h.model().generate(ask("hi", { tools: [bad, weather] })));
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.message).toContain('"get weather!"');
    expect(error.attempts).toBe(0);
    expect(error.isRetryable).toBe(false);
    const twice = await providerError(h.model().generate(ask("hi", { tools: [weather, weather] })));
    expect(twice.message).toContain('"get_weather" is used twice');
    expect(llm.requests).toHaveLength(0);
  });

  it("refuses a message it cannot send (an unknown role or part) before sending anything", async () => {
    const llm = h.mock([]);
    server.use(...llm.handlers);
    const role = [{ role: "robot", content: "beep" }] as unknown as Message[];
    const error = await providerError(h.model().generate({ messages: role }));
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.message).toContain('role "robot"');
    expect(error.attempts).toBe(0);
    expect(error.isRetryable).toBe(false);
    const part = [
      { role: "user", content: [{ type: "audio", data: "…" }] },
    ] as unknown as Message[];
    const { error: streamed } = await drain(h.model().stream({ messages: part }));
    expect(streamed).toMatchObject({ code: "PROVIDER_BAD_REQUEST", attempts: 0 });
    expect((streamed as Error).message).toContain('type "audio"');
    const none = [null] as unknown as Message[];
    const nothing = await providerError(h.model().generate({ messages: none }));
    expect(nothing.message).toContain("a message must be an object with a role; got null");
    expect(llm.requests).toHaveLength(0);
  });

  it("reads the default instance's key and base URL from the environment at request time", async (ctx) => {
    ctx.onTestFinished(() => {
      delete process.env[h.env.apiKey];
      delete process.env[h.env.baseURL];
    });
    const model = h.defaultModel();
    const baseURL = "http://localhost:11434/compat/v1";
    const llm = h.mock([{ text: "from env" }], { baseURL });
    server.use(...llm.handlers);
    process.env[h.env.apiKey] = SECRET_KEY;
    process.env[h.env.baseURL] = baseURL;
    const sent = sentHeaders(server);
    const response = await model.generate(ask());
    expect(response.message.content).toBe("from env");
    const [header, value] = h.keyHeader(SECRET_KEY);
    expect(sent[0]?.get(header)).toBe(value);
    expect(llm.requests[0]?.url.startsWith(baseURL)).toBe(true);
  });

  it("sends each request with the key set at that time, when it changes between requests", async (ctx) => {
    ctx.onTestFinished(() => {
      delete process.env[h.env.apiKey];
    });
    const model = h.defaultModel();
    const llm = h.mock([{ text: "one" }, { text: "two" }, { text: "three" }]);
    server.use(...llm.handlers);
    const headers = sentHeaders(server);
    for (const key of ["sk-first-key-0000", "sk-second-key-000", "sk-first-key-0000"]) {
      process.env[h.env.apiKey] = key;
      await model.generate(ask());
    }
    const sent = headers.map((sentHeader) => sentHeader.get(h.keyHeader("x")[0]));
    expect(sent).toEqual(
      ["sk-first-key-0000", "sk-second-key-000", "sk-first-key-0000"].map((k) => h.keyHeader(k)[1]),
    );
  });

  it("fails with PROVIDER_MISSING_API_KEY, and sends nothing, when no key is set", async (ctx) => {
    const saved = process.env[h.env.apiKey];
    delete process.env[h.env.apiKey];
    delete process.env.ANTHROPIC_AUTH_TOKEN;
    ctx.onTestFinished(() => {
      if (saved !== undefined) process.env[h.env.apiKey] = saved;
    });
    const llm = h.mock([]);
    server.use(...llm.handlers);
    const error = await providerError(h.defaultModel().generate(ask()));
    expect(error.code).toBe("PROVIDER_MISSING_API_KEY");
    expect(error.message).toContain(h.env.apiKey);
    expect(error.attempts).toBe(0);
    expect(llm.requests).toHaveLength(0);
  });
});

describe.each(wiresWith("stopSequences"))("$name: stop sequences", (h) => {
  it("sends the request's stopSequences beside the model's other settings", async () => {
    const llm = h.mock([{ text: "ok" }]);
    server.use(...llm.handlers);
    const model = h.model({ settings: { temperature: 0.9, maxOutputTokens: 300, topP: 0.5 } });
    await model.generate(
      ask("hi", { settings: { temperature: 0.1, stopSequences: ["END"] }, tools: [weather] }),
    );
    const body = llm.requests[0]?.body ?? {};
    expect(body.temperature).toBe(0.1);
    expect(body.top_p).toBe(0.5);
    expect(h.maxTokens(body)).toBe(300);
    expect(body.stop ?? body.stop_sequences).toEqual(["END"]);
  });
});

describe.each(wiresWithout("stopSequences"))("$name: stop sequences", (h) => {
  it("refuses stopSequences before sending, and leaves them out when dropUnsupported lists them", async () => {
    const llm = h.mock([{ text: "ok" }]);
    server.use(...llm.handlers);
    const settings = { stopSequences: ["END"] };
    const error = await providerError(h.model().generate(ask("hi", { settings })));
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.attempts).toBe(0);
    expect(llm.requests).toHaveLength(0);
    const dropped = { ...settings, dropUnsupported: ["stopSequences"] };
    await h.model().generate(ask("hi", { settings: dropped }));
    expect(JSON.stringify(llm.requests[0]?.body)).not.toContain("END");
  });
});
