import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/messages/json.ts";
import type { Message } from "../../src/messages/message.ts";
import { createAnthropic } from "../../src/providers/anthropic/index.ts";
import type {
  ModelSettings,
  ResponseFormat,
  StructuredOutputMode,
  ToolSpec,
} from "../../src/providers/language-model.ts";
import { createOpenAI } from "../../src/providers/openai/index.ts";
import type { FunctionParameters } from "../../src/schema/function-parameters.ts";
import {
  ask,
  FAST_RETRY,
  providerError,
  SECRET_KEY,
  searchTool,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();

/** A schema strict mode can say: one optional property (made nullable), a constraint. */
const person: FunctionParameters = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "integer", minimum: 0 },
    nick: { type: "string" },
  },
  required: ["name", "age"],
  additionalProperties: false,
};
/** A schema neither strict mode nor Anthropic's structured outputs can say: a map. */
const scores: FunctionParameters = {
  type: "object",
  properties: { scores: { type: "object", additionalProperties: { type: "number" } } },
  required: ["scores"],
};
const answer = { name: "Ada", age: 36, nick: null };

function openaiModel(settings: ModelSettings = {}, structuredOutput?: StructuredOutputMode) {
  return createOpenAI({
    apiKey: SECRET_KEY,
    retry: FAST_RETRY,
    ...(structuredOutput === undefined ? {} : { structuredOutput }),
  })("gpt-4o-mini", settings);
}

function anthropicModel(settings: ModelSettings = {}) {
  return createAnthropic({ apiKey: SECRET_KEY, retry: FAST_RETRY })("claude-haiku-4-5", settings);
}

/** Sends one request to a mock OpenAI that answers `object`, and returns the body it got. */
async function openaiBody(
  format: ResponseFormat,
  settings: ModelSettings = {},
  extra: { messages?: Message[]; tools?: ToolSpec[] } = {},
): Promise<JsonObject> {
  const llm = mockOpenAI([{ object: answer }]);
  server.use(...llm.handlers);
  const request = { ...ask("Who?"), ...extra, responseFormat: format };
  const response = await openaiModel(settings).generate(request);
  expect(JSON.parse(response.message.content)).toEqual(answer);
  return llm.requests[0]?.body ?? {};
}

async function anthropicBody(
  format: ResponseFormat,
  settings: ModelSettings = {},
  extra: { messages?: Message[]; tools?: ToolSpec[] } = {},
): Promise<JsonObject> {
  const llm = mockAnthropic([{ object: answer }]);
  server.use(...llm.handlers);
  const request = { ...ask("Who?"), ...extra, responseFormat: format };
  const response = await anthropicModel(settings).generate(request);
  expect(JSON.parse(response.message.content)).toEqual(answer);
  return llm.requests[0]?.body ?? {};
}

const withSystem: Message[] = [
  { role: "system", content: "Be brief." },
  { role: "user", content: "Who?" },
];

describe("openai: structured output on the wire", () => {
  it("native: a strict json_schema, optional properties nullable, name and description kept", async () => {
    const body = await openaiBody({
      type: "json",
      schema: person,
      name: "person",
      description: "The person asked about",
    });
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "person",
        description: "The person asked about",
        strict: true,
        schema: {
          type: "object",
          properties: {
            name: { type: "string" },
            age: { type: "integer", minimum: 0 },
            nick: { type: ["string", "null"] },
          },
          required: ["name", "age", "nick"],
          additionalProperties: false,
        },
      },
    });
    expect(body.messages).toEqual([{ role: "user", content: "Who?" }]);
    expect(body.tools).toBeUndefined();
  });

  it('native: a schema strict mode cannot say goes as written, strict: false, named "answer"', async () => {
    const body = await openaiBody({ type: "json", schema: scores });
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "answer", strict: false, schema: scores },
    });
  });

  it("native on a compatible server: the schema as written, not strict (strictTools is off there)", async () => {
    const llm = mockOpenAI([{ object: answer }], { baseURL: "http://localhost:11434/v1" });
    server.use(...llm.handlers);
    const model = createOpenAI({ baseURL: "http://localhost:11434/v1" })("llama3.2");
    await model.generate({ ...ask("Who?"), responseFormat: { type: "json", schema: person } });
    expect(llm.requests[0]?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "answer", strict: false, schema: person },
    });
  });

  it("native without a schema: JSON mode, and a system message saying JSON (the API requires it)", async () => {
    const body = await openaiBody({ type: "json" });
    expect(body.response_format).toEqual({ type: "json_object" });
    const messages = body.messages as JsonObject[];
    expect(messages).toHaveLength(2);
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toMatch(/^Answer with JSON only/);
    expect(messages[1]).toEqual({ role: "user", content: "Who?" });
  });

  it("prompt: JSON mode, and the instruction with the schema after the first system message", async () => {
    const format: ResponseFormat = { type: "json", schema: person, description: "a person" };
    const body = await openaiBody(format, { structuredOutput: "prompt" }, { messages: withSystem });
    expect(body.response_format).toEqual({ type: "json_object" });
    const messages = body.messages as JsonObject[];
    expect(messages).toHaveLength(2);
    const system = String(messages[0]?.content);
    expect(system.startsWith("Be brief.\n\nAnswer with JSON only")).toBe(true);
    expect(system).toContain("The answer: a person");
    expect(system).toContain(`It must match this JSON Schema:\n${JSON.stringify(person)}`);
    // The request's own message object is not changed.
    expect(withSystem[0]?.content).toBe("Be brief.");
  });

  it("tool: the output tool (strict) forced by tool_choice, no response_format", async () => {
    const body = await openaiBody({ type: "json", schema: person }, { structuredOutput: "tool" });
    expect(body.response_format).toBeUndefined();
    const tools = body.tools as JsonObject[];
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({
      type: "function",
      function: {
        name: "json_answer",
        strict: true,
        parameters: { required: ["name", "age", "nick"] },
      },
    });
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "json_answer" } });
  });

  it("tool with the request's tools: both sent, tool_choice required; a named tool choice is kept", async () => {
    const format: ResponseFormat = { type: "json", schema: person };
    const body = await openaiBody(format, { structuredOutput: "tool" }, { tools: [searchTool] });
    const names = (body.tools as JsonObject[]).map((t) => (t.function as JsonObject).name);
    expect(names).toEqual(["search", "json_answer"]);
    expect(body.tool_choice).toBe("required");
    const named = await openaiBody(
      format,
      { structuredOutput: "tool", toolChoice: { name: "search" } },
      { tools: [searchTool] },
    );
    expect(named.tool_choice).toEqual({ type: "function", function: { name: "search" } });
    const none = await openaiBody(
      format,
      { structuredOutput: "tool", toolChoice: "none" },
      { tools: [searchTool] },
    );
    expect(none.tool_choice).toEqual({ type: "function", function: { name: "json_answer" } });
  });

  it("tool without a schema: an open object tool, not strict", async () => {
    const body = await openaiBody({ type: "json" }, { structuredOutput: "tool" });
    expect((body.tools as JsonObject[])[0]?.function).toEqual({
      name: "json_answer",
      description: expect.stringContaining("final answer"),
      parameters: { type: "object", properties: {}, additionalProperties: true },
    });
  });
});

describe("anthropic: structured output on the wire", () => {
  it("native: output_config.format with the schema shaped by the SDK's transform", async () => {
    const body = await anthropicBody({ type: "json", schema: person });
    expect(body.output_config).toEqual({
      format: {
        type: "json_schema",
        schema: {
          type: "object",
          properties: {
            name: { type: "string" },
            // The API takes no `minimum`: the SDK says it in the description.
            age: { type: "integer", description: "{minimum: 0}" },
            nick: { type: "string" },
          },
          required: ["name", "age"],
          additionalProperties: false,
        },
      },
    });
    expect(body.tools).toBeUndefined();
    expect(body.system).toBeUndefined();
  });

  it("native with a schema the API cannot say (a map): the output tool carries it instead", async () => {
    const llm = mockAnthropic([{ object: { scores: { a: 1 } } }]);
    server.use(...llm.handlers);
    const response = await anthropicModel().generate({
      ...ask("Scores?"),
      responseFormat: { type: "json", schema: scores },
    });
    expect(JSON.parse(response.message.content)).toEqual({ scores: { a: 1 } });
    const body = llm.requests[0]?.body ?? {};
    expect(body.output_config).toBeUndefined();
    expect(body.tools).toEqual([
      { name: "json_answer", description: expect.any(String), input_schema: scores },
    ]);
    expect(body.tool_choice).toEqual({ type: "tool", name: "json_answer" });
  });

  it("native without a schema: the instruction in the system prompt (the API has no JSON mode)", async () => {
    const body = await anthropicBody({ type: "json" }, {}, { messages: withSystem });
    expect(body.output_config).toBeUndefined();
    expect(String(body.system)).toMatch(/^Be brief\.\n\nAnswer with JSON only/);
  });

  it("prompt: the instruction and the schema at the end of the system prompt", async () => {
    const body = await anthropicBody(
      { type: "json", schema: person },
      { structuredOutput: "prompt" },
    );
    expect(body.output_config).toBeUndefined();
    expect(body.tools).toBeUndefined();
    expect(String(body.system)).toContain(JSON.stringify(person));
  });

  it("tool: the output tool forced; with other tools any, parallel calls off when asked", async () => {
    const format: ResponseFormat = { type: "json", schema: person };
    const alone = await anthropicBody(format, { structuredOutput: "tool" });
    expect(alone.tools).toEqual([
      { name: "json_answer", description: expect.any(String), input_schema: person },
    ]);
    expect(alone.tool_choice).toEqual({ type: "tool", name: "json_answer" });
    expect(alone.output_config).toBeUndefined();
    const withOthers = await anthropicBody(
      format,
      { structuredOutput: "tool", parallelToolCalls: false },
      { tools: [searchTool] },
    );
    expect((withOthers.tools as JsonObject[]).map((t) => t.name)).toEqual([
      "search",
      "json_answer",
    ]);
    expect(withOthers.tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
  });

  it("tool beside extended thinking is refused before sending (the API takes no forced tool then)", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    const model = anthropicModel({
      structuredOutput: "tool",
      thinking: { budgetTokens: 1024 },
      maxOutputTokens: 4096,
    });
    const error = await providerError(
      model.generate({ ...ask(), responseFormat: { type: "json", schema: person } }),
    );
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.message).toContain("extended thinking");
    expect(error.attempts).toBe(0);
    expect(llm.requests).toHaveLength(0);
  });
});

describe.each([
  { name: "openai", model: openaiModel, mock: mockOpenAI },
  { name: "anthropic", model: anthropicModel, mock: mockAnthropic },
])("$name: a response format that cannot be asked for is refused before sending", (p) => {
  it("a request tool named like the output tool, in tool mode", async () => {
    const llm = p.mock([]);
    server.use(...llm.handlers);
    const clash: ToolSpec = { ...searchTool, name: "json_answer" };
    const error = await providerError(
      p.model({ structuredOutput: "tool" }).generate({
        ...ask(),
        tools: [clash],
        responseFormat: { type: "json", schema: person },
      }),
    );
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.message).toContain('a tool is named "json_answer"');
    expect(llm.requests).toHaveLength(0);
  });

  it("a schema whose root is not an object, in tool mode; a bad name or type in any mode", async () => {
    const llm = p.mock([]);
    server.use(...llm.handlers);
    const array = { type: "array", items: { type: "string" } } as unknown as FunctionParameters;
    const cases: [ModelSettings, ResponseFormat, string][] = [
      [{ structuredOutput: "tool" }, { type: "json", schema: array }, 'of type "object"'],
      [{}, { type: "json", name: "a name" }, "responseFormat.name"],
      [{}, { type: "xml" } as unknown as ResponseFormat, 'responseFormat must be { type: "json"'],
    ];
    for (const [settings, responseFormat, said] of cases) {
      const error = await providerError(p.model(settings).generate({ ...ask(), responseFormat }));
      expect(error.code).toBe("PROVIDER_BAD_REQUEST");
      expect(error.message).toContain(said);
    }
    expect(llm.requests).toHaveLength(0);
  });
});
