import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../../src/messages/json.ts";
import type { Message } from "../../src/messages/message.ts";
import type { ModelSettings } from "../../src/providers/language-model.ts";
import {
  anthropicHarness,
  ask,
  drain,
  finishOf,
  nowTool,
  openaiHarness,
  searchTool,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();
const anthropicModel = (settings: ModelSettings = { cacheControl: true }) =>
  anthropicHarness.model({ settings });

/** Every `cache_control` in a body, as `path: marker`. */
function breakpoints(value: JsonValue | undefined, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => breakpoints(item, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === "cache_control"
      ? [`${path}: ${JSON.stringify(item)}`]
      : breakpoints(item, path === "" ? key : `${path}.${key}`),
  );
}

const conversation: Message[] = [
  { role: "system", content: "You are terse." },
  { role: "user", content: "Weather in Paris?" },
];

describe("anthropic prompt caching: cacheControl", () => {
  it("true marks the last tool, the system prompt and the last message's last block", async () => {
    const llm = mockAnthropic([{ text: "Sunny." }]);
    server.use(...llm.handlers);
    await anthropicModel().generate({ messages: conversation, tools: [searchTool, nowTool] });
    const body = llm.requests[0]?.body;
    const marker = '{"type":"ephemeral"}';
    expect(breakpoints(body)).toEqual([
      `messages[0].content[0]: ${marker}`,
      `system[0]: ${marker}`,
      `tools[1]: ${marker}`,
    ]);
    expect(body?.system).toEqual([
      { type: "text", text: "You are terse.", cache_control: { type: "ephemeral" } },
    ]);
    const tools = (body?.tools ?? []) as JsonObject[];
    expect(tools.map((tool) => tool.name)).toEqual(["search", "now"]);
    expect(tools[0]).not.toHaveProperty("cache_control");
  });

  it('{ ttl: "1h" } is the one-hour cache, on every breakpoint', async () => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    await anthropicModel({ cacheControl: { ttl: "1h" } }).generate({
      messages: conversation,
      tools: [searchTool],
    });
    const marker = '{"type":"ephemeral","ttl":"1h"}';
    expect(breakpoints(llm.requests[0]?.body)).toEqual([
      `messages[0].content[0]: ${marker}`,
      `system[0]: ${marker}`,
      `tools[0]: ${marker}`,
    ]);
  });

  it("in a tool loop each request marks its own last message; earlier marks do not stay behind", async () => {
    const llm = mockAnthropic([
      { toolCalls: [{ id: "toolu_1", name: "search", arguments: { q: "paris" } }] },
      { text: "Sunny." },
      { text: "Bye." },
    ]);
    server.use(...llm.handlers);
    const model = anthropicModel();
    const messages: Message[] = [...conversation];
    const first = await model.generate({ messages: [...messages], tools: [searchTool] });
    messages.push(first.message, {
      role: "tool",
      toolCallId: "toolu_1",
      toolName: "search",
      content: "sunny",
    });
    const { parts } = await drain(model.stream({ messages: [...messages], tools: [searchTool] }));
    finishOf(parts);
    // The same conversation without caching: nothing marked, though its turns were sent marked.
    await anthropicHarness.model().generate({ messages: [...messages], tools: [searchTool] });
    const marker = '{"type":"ephemeral"}';
    expect(llm.requests.map((r) => breakpoints(r.body))).toEqual([
      [`messages[0].content[0]: ${marker}`, `system[0]: ${marker}`, `tools[0]: ${marker}`],
      [`messages[2].content[0]: ${marker}`, `system[0]: ${marker}`, `tools[0]: ${marker}`],
      [],
    ]);
    const second = (llm.requests[1]?.body.messages ?? []) as JsonObject[];
    expect(second[2]?.content).toEqual([
      {
        type: "tool_result",
        tool_use_id: "toolu_1",
        content: "sunny",
        cache_control: { type: "ephemeral" },
      },
    ]);
  });

  it("false, or no system and no tools, mark only what there is", async () => {
    const llm = mockAnthropic([{ text: "a" }, { text: "b" }]);
    server.use(...llm.handlers);
    await anthropicModel({ cacheControl: false }).generate({ messages: conversation });
    await anthropicModel().generate(ask("Hi"));
    expect(breakpoints(llm.requests[0]?.body)).toEqual([]);
    expect(breakpoints(llm.requests[1]?.body)).toEqual([
      'messages[0].content[0]: {"type":"ephemeral"}',
    ]);
    expect(llm.requests[1]?.body.messages).toEqual([
      {
        role: "user",
        content: [{ type: "text", text: "Hi", cache_control: { type: "ephemeral" } }],
      },
    ]);
  });

  it("a cacheControl of another shape is refused when the model is made", () => {
    const loose = (cacheControl: unknown) => ({ cacheControl }) as ModelSettings;
    expect(() => anthropicModel(loose({ ttl: "2h" }))).toThrow(
      'cacheControl must be true, false or { ttl: "5m" | "1h" }; got {"ttl":"2h"}.',
    );
    expect(() => anthropicModel(loose("yes"))).toThrow("cacheControl must be true, false");
  });
});

describe("cache usage", () => {
  it.each(["generate", "stream"] as const)(
    "anthropic (%s): cache reads and writes are input tokens, counted apart",
    async (how) => {
      const usage = {
        inputTokens: 100,
        outputTokens: 5,
        cachedInputTokens: 60,
        cacheWriteTokens: 30,
      };
      const llm = mockAnthropic([{ text: "ok", usage }]);
      server.use(...llm.handlers);
      const model = anthropicModel();
      const response =
        how === "generate"
          ? await model.generate(ask())
          : finishOf((await drain(model.stream(ask()))).parts);
      expect(response.message.usage).toEqual(usage);
    },
  );

  it("anthropic: the kit writes cache reads and writes apart from input_tokens, as the API does", async () => {
    const llm = mockAnthropic([
      {
        text: "ok",
        usage: { inputTokens: 100, outputTokens: 5, cachedInputTokens: 60, cacheWriteTokens: 30 },
      },
    ]);
    server.use(...llm.handlers);
    const response = await fetch("https://api.anthropic.com/v1/messages", {
      method: "POST",
      body: JSON.stringify({ model: "claude-haiku-4-5", max_tokens: 10, messages: [] }),
    });
    const body = (await response.json()) as JsonObject;
    expect(body.usage).toEqual({
      input_tokens: 10,
      cache_creation_input_tokens: 30,
      cache_read_input_tokens: 60,
      output_tokens: 5,
    });
  });

  it("openai: caching is automatic; cacheControl is accepted and sends nothing, cached tokens are read", async () => {
    const llm = mockOpenAI([
      { text: "ok", usage: { inputTokens: 2000, outputTokens: 5, cachedInputTokens: 1536 } },
    ]);
    server.use(...llm.handlers);
    const response = await openaiHarness
      .model({ settings: { cacheControl: { ttl: "1h" } } })
      .generate({ messages: conversation, tools: [searchTool] });
    expect(breakpoints(llm.requests[0]?.body)).toEqual([]);
    expect(JSON.stringify(llm.requests[0]?.body)).not.toMatch(/cache/);
    expect(response.message.usage).toEqual({
      inputTokens: 2000,
      outputTokens: 5,
      cachedInputTokens: 1536,
      reasoningTokens: 0,
    });
  });
});
