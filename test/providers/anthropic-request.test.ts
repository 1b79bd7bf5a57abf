import { mockAnthropic } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/message.ts";
import { createAnthropic } from "../../src/providers/anthropic/index.ts";
import type { ToolSpec } from "../../src/providers/language-model.ts";
import {
  anthropicHarness,
  ask,
  providerError,
  SECRET_KEY,
  searchTool,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();
const model = (settings = {}) => anthropicHarness.model({ settings });

const search = searchTool;

describe("anthropic: input_schema", () => {
  const send = async (parameters: ToolSpec["parameters"]) => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    await model().generate(ask("x", { tools: [{ name: "t", description: "T", parameters }] }));
    return (llm.requests[0]?.body.tools as { input_schema: unknown }[] | undefined)?.[0]
      ?.input_schema;
  };

  it("sends the schema as written: refs, unions below the top, nullable types, maps", async () => {
    const parameters = {
      type: "object",
      properties: {
        to: { $ref: "#/$defs/address" },
        id: { oneOf: [{ type: "string" }, { type: "integer" }] },
        note: { type: ["string", "null"] },
        tags: { type: "object", additionalProperties: { type: "string" } },
      },
      $defs: { address: { type: "object", properties: { city: { type: "string" } } } },
    } as ToolSpec["parameters"];
    expect(await send(parameters)).toEqual(parameters);
  });

  it("leaves out anyOf/oneOf/allOf at the top, which the API refuses, merging allOf's properties", async () => {
    const sent = await send({
      type: "object",
      properties: { title: { type: "string" }, body: { type: "string" } },
      anyOf: [{ required: ["title"] }, { required: ["body"] }],
      allOf: [{ properties: { draft: { type: "boolean" } }, required: ["draft"] }],
    } as ToolSpec["parameters"]);
    expect(sent).toEqual({
      type: "object",
      properties: {
        title: { type: "string" },
        body: { type: "string" },
        draft: { type: "boolean" },
      },
      required: ["draft"],
    });
  });
});

describe("anthropic: the Messages request", () => {
  it("puts system messages in `system`, and merges tool results (then the user's note) into one user turn", async () => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    const messages: Message[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Search cats and dogs." },
      {
        role: "assistant",
        content: " ",
        toolCalls: [
          { id: "toolu_1", name: "search", arguments: '{"q":"cats"}' },
          { id: "toolu_2", name: "search", arguments: '{"q":"dogs"}' },
        ],
      },
      { role: "tool", toolCallId: "toolu_1", toolName: "search", content: "meow" },
      { role: "tool", toolCallId: "toolu_2", toolName: "search", content: "failed", isError: true },
      { role: "user", content: "Summarise." },
      { role: "system", content: "Answer in French." },
    ];
    await model().generate({ messages, tools: [search] });
    const body = llm.requests[0]?.body;
    expect(body?.system).toBe("Be brief.\n\nAnswer in French.");
    expect(body?.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Search cats and dogs." }] },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "toolu_1", name: "search", input: { q: "cats" } },
          { type: "tool_use", id: "toolu_2", name: "search", input: { q: "dogs" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "meow" },
          { type: "tool_result", tool_use_id: "toolu_2", content: "failed", is_error: true },
          { type: "text", text: "Summarise." },
        ],
      },
    ]);
    expect(body?.tools).toEqual([
      { name: "search", description: "Search the web", input_schema: search.parameters },
    ]);
  });

  it("always sends max_tokens: the setting, else the provider's default", async () => {
    const llm = mockAnthropic([{ text: "a" }, { text: "b" }, { text: "c" }]);
    server.use(...llm.handlers);
    await model().generate(ask());
    await model({ maxOutputTokens: 123 }).generate(ask());
    await createAnthropic({ apiKey: SECRET_KEY, defaultMaxTokens: 999 })(
      "claude-haiku-4-5",
    ).generate(ask());
    expect(llm.requests.map((r) => r.body.max_tokens)).toEqual([4096, 123, 999]);
  });

  it.each([
    [{ toolChoice: "required" }, { type: "any" }],
    [
      { toolChoice: { name: "search" }, parallelToolCalls: false },
      { type: "tool", name: "search", disable_parallel_tool_use: true },
    ],
    [{ parallelToolCalls: false }, { type: "auto", disable_parallel_tool_use: true }],
    [{ toolChoice: "none" }, { type: "none" }],
  ] as const)("maps tool settings %j to tool_choice %j", async (settings, expected) => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    await model(settings).generate(ask("x", { tools: [search] }));
    expect(llm.requests[0]?.body.tool_choice).toEqual(expected);
  });

  it("sends data-URL images as base64 and other URLs as url sources", async () => {
    const llm = mockAnthropic([{ text: "a cat" }]);
    server.use(...llm.handlers);
    await model().generate({
      messages: [
        {
          role: "user",
          content: [
            { type: "image", url: "data:image/png;base64,iVBORw0KGgo=" },
            { type: "image", url: "https://example.com/cat.jpg" },
            { type: "text", text: "Same cat?" },
          ],
        },
      ],
    });
    expect(llm.requests[0]?.body.messages).toEqual([
      {
        role: "user",
        content: [
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
          },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          { type: "text", text: "Same cat?" },
        ],
      },
    ]);
  });

  it("refuses, without sending, a non-streamed call whose max_tokens needs streaming (SDK guard)", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    const error = await providerError(model({ maxOutputTokens: 64_000 }).generate(ask()));
    expect(error).toMatchObject({ code: "PROVIDER_BAD_REQUEST", isRetryable: false });
    expect(error.message).toContain("Streaming is required");
    expect(llm.requests).toHaveLength(0);
  });
});
