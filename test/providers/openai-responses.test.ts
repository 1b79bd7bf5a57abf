import { AliceAgent, defineTool, PromptAgentTask } from "alice-agents";
import { mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AssistantMessage, Message } from "../../src/messages/message.ts";
import type { ModelSettings, ResponseFormat } from "../../src/providers/language-model.ts";
import { createOpenAI, openai } from "../../src/providers/openai/index.ts";
import {
  ask,
  drain,
  expectNoSecret,
  FAST_RETRY,
  finishOf,
  MULTIBYTE,
  providerError,
  RAW_ARGUMENTS,
  SECRET_KEY,
  searchTool,
  textOf,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();
const MODEL = "gpt-5-mini";
const model = (settings: ModelSettings = {}) =>
  createOpenAI({ apiKey: SECRET_KEY, retry: FAST_RETRY }).responses(MODEL, settings);

describe("openai.responses: a model over the Responses API", () => {
  it("is a LanguageModel of the factory's provider that calls POST /responses", async () => {
    const llm = mockOpenAI([{ text: "5", usage: { inputTokens: 12, outputTokens: 1 } }]);
    server.use(...llm.handlers);
    const m = createOpenAI({ apiKey: SECRET_KEY, name: "acme" }).responses(MODEL);
    expect([m.provider, m.modelId]).toEqual(["acme", MODEL]);
    expect([openai.responses(MODEL).provider]).toEqual(["openai"]);
    const { message, requestId, attempts } = await m.generate(ask());
    llm.assertComplete();
    expect(llm.requests[0]?.url).toBe("https://api.openai.com/v1/responses");
    expect(message).toEqual({
      role: "assistant",
      content: "5",
      usage: { inputTokens: 12, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0 },
      model: MODEL,
      finishReason: "stop",
    });
    expect([requestId, attempts]).toEqual(["req_mock1", 1]);
  });

  it("sends instructions, input items, tools and settings in the Responses format", async () => {
    const llm = mockOpenAI([{ text: "ok" }]);
    server.use(...llm.handlers);
    const messages: Message[] = [
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", url: "https://example.com/cat.png" },
          {
            type: "file",
            url: "data:application/pdf;base64,JVBERi0=",
            mediaType: "application/pdf",
          },
        ],
      },
      {
        role: "assistant",
        content: "Searching.",
        toolCalls: [{ id: "call_1", name: "search", arguments: '{"q":"cat"}' }],
      },
      { role: "tool", toolCallId: "call_1", toolName: "search", content: "a cat" },
      { role: "system", content: "Answer in French." },
    ];
    await model({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 50,
      toolChoice: { name: "search" },
      parallelToolCalls: false,
      providerOptions: { metadata: { run: "7" } },
    }).generate({ messages, tools: [searchTool] });
    expect(llm.requests[0]?.body).toEqual({
      model: MODEL,
      instructions: "Be brief.\n\nAnswer in French.",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "What is this?" },
            { type: "input_image", image_url: "https://example.com/cat.png", detail: "auto" },
            {
              type: "input_file",
              file_data: "data:application/pdf;base64,JVBERi0=",
              filename: "document.pdf",
            },
          ],
        },
        { role: "assistant", content: "Searching." },
        { type: "function_call", call_id: "call_1", name: "search", arguments: '{"q":"cat"}' },
        { type: "function_call_output", call_id: "call_1", output: "a cat" },
      ],
      store: false,
      tools: [
        {
          type: "function",
          name: "search",
          description: "Search the web",
          parameters: {
            type: "object",
            properties: { q: { type: "string" } },
            required: ["q"],
            additionalProperties: false,
          },
          strict: true,
        },
      ],
      tool_choice: { type: "function", name: "search" },
      parallel_tool_calls: false,
      temperature: 0.2,
      top_p: 0.9,
      max_output_tokens: 50,
      metadata: { run: "7" },
    });
    expect(llm.requests[0]).toMatchObject({
      lastUserText: "What is this?",
      toolNames: ["search"],
      toolResults: [{ toolCallId: "call_1", content: "a cat" }],
    });
  });

  it("refuses settings the API has no field for before sending, unless dropUnsupported lists them", async () => {
    const llm = mockOpenAI([{ text: "ok" }]);
    server.use(...llm.handlers);
    const refused = await providerError(model({ stopSequences: ["END"] }).generate(ask()));
    expect(refused.code).toBe("PROVIDER_BAD_REQUEST");
    expect(refused.attempts).toBe(0);
    expect(refused.message).toContain("the Responses API has no stop sequences");
    expect(llm.requests).toHaveLength(0);
    await model({ seed: 3, dropUnsupported: ["seed"] }).generate(ask());
    expect(llm.requests[0]?.body).not.toHaveProperty("seed");
  });

  it("refuses audio, which the Responses API has no input part for", async () => {
    const audio: Message = {
      role: "user",
      content: [{ type: "file", url: "data:audio/wav;base64,UklGRg==", mediaType: "audio/wav" }],
    };
    const error = await providerError(model().generate({ messages: [audio] }));
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.message).toContain(
      "a file of type audio/wav, which the Responses API does not take",
    );
  });
});

describe("openai.responses: streaming", () => {
  it("streams text deltas read through 1-byte chunks, then one finish", async () => {
    const llm = mockOpenAI([{ text: MULTIBYTE, stream: { chunkBytes: 1 } }]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(model().stream(ask()));
    expect(error).toBeUndefined();
    expect(llm.requests[0]?.body.stream).toBe(true);
    expect(textOf(parts)).toBe(MULTIBYTE);
    const finish = finishOf(parts);
    expect(finish.message.content).toBe(MULTIBYTE);
    expect(finish.message.finishReason).toBe("stop");
    expect(finish.requestId).toBe("req_mock1");
  });

  it("streams reasoning and tool-call deltas, then the complete calls and the answer", async () => {
    const llm = mockOpenAI([
      {
        reasoning: [{ text: "Look it up first.", encryptedContent: "enc_1" }],
        toolCalls: [{ id: "call_9", name: "search", arguments: RAW_ARGUMENTS }],
        stream: { chunkBytes: 1 },
      },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(model().stream(ask("Weather?", { tools: [searchTool] })));
    expect(error).toBeUndefined();
    const reasoning = parts.map((p) => (p.type === "reasoning-delta" ? p.delta : "")).join("");
    expect(reasoning).toBe("Look it up first.");
    const deltas = parts.filter((p) => p.type === "tool-call-delta");
    expect(deltas[0]).toEqual({
      type: "tool-call-delta",
      toolCallId: "call_9",
      toolName: "search",
      argumentsDelta: "",
    });
    expect(deltas.map((p) => p.argumentsDelta).join("")).toBe(RAW_ARGUMENTS);
    const calls = parts.filter((p) => p.type === "tool-call");
    expect(calls).toEqual([
      { type: "tool-call", toolCall: { id: "call_9", name: "search", arguments: RAW_ARGUMENTS } },
    ]);
    const { message } = finishOf(parts);
    expect(message.finishReason).toBe("tool-calls");
    expect(message.reasoning).toEqual([
      {
        type: "reasoning",
        text: "Look it up first.",
        provider: "openai-responses",
        id: "rs_mock1_0",
        encryptedContent: "enc_1",
      },
    ]);
  });

  it("stops at once when aborted mid-stream, rejecting with the signal's reason", async () => {
    const llm = mockOpenAI([{ text: "a b c d e f g h i j k l", stream: { chunkDelayMs: 30 } }]);
    server.use(...llm.handlers);
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    const started = performance.now();
    const run = (async () => {
      for await (const part of model().stream(ask(), { signal: controller.signal })) {
        if (part.type === "text-delta") controller.abort(reason);
      }
    })();
    await expect(run).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(llm.requests).toHaveLength(1);
  });

  it("fails a stream that ends before response.completed, once output was sent, without replaying it", async () => {
    const llm = mockOpenAI([{ text: "partial answer", stream: { endWithoutDone: true } }]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(model().stream(ask()));
    expect(textOf(parts)).toBe("partial answer");
    expect((error as { code?: string }).code).toBe("PROVIDER_STREAM_ERROR");
    expect(String(error)).toContain("ended before response.completed");
    expect(llm.requests).toHaveLength(1);
  });

  it("retries an error event that comes before any output, and fails on one after it", async () => {
    const llm = mockOpenAI([
      { text: "never seen", stream: { errorEvent: { afterEvents: 2, message: "boom" } } },
      { text: "second try" },
      { text: "cut short", stream: { errorEvent: { message: "late boom" } } },
    ]);
    server.use(...llm.handlers);
    const first = await drain(model().stream(ask()));
    expect(first.error).toBeUndefined();
    expect(textOf(first.parts)).toBe("second try");
    expect(finishOf(first.parts).attempts).toBe(2);
    const second = await drain(model().stream(ask()));
    expect(textOf(second.parts)).toBe("cut short");
    expect(second.error).toMatchObject({ code: "PROVIDER_STREAM_ERROR", isRetryable: true });
    expect(String(second.error)).toContain("late boom");
    llm.assertComplete();
  });

  it("reads a response.failed event as a stream failure with the response's error", async () => {
    const llm = mockOpenAI([{ text: "", finishReason: "failed", stream: {} }]);
    server.use(...llm.handlers);
    const { error } = await drain(model({ maxRetries: 0 }).stream(ask()));
    expect(error).toMatchObject({
      code: "PROVIDER_STREAM_ERROR",
      providerErrorType: "server_error",
    });
    expect(String(error)).toContain("The model failed to generate a response.");
  });
});

describe("openai.responses: tools in an agent", () => {
  const add = defineTool({
    name: "add",
    description: "Adds two numbers.",
    input: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }) => a + b,
  });

  it("runs a full tool round through PromptAgentTask: the call with its reasoning, its output, the answer", async () => {
    const llm = mockOpenAI([
      {
        reasoning: [{ text: "Use the tool.", encryptedContent: "enc_1" }],
        toolCalls: [{ id: "call_1", name: "add", arguments: { a: 2, b: 3 } }],
      },
      { text: "The answer is 5" },
    ]);
    server.use(...llm.handlers);
    const task = new PromptAgentTask({
      taskName: "calculator",
      taskDescription: "Answers arithmetic questions.",
      agent: new AliceAgent({
        name: "calc",
        systemMessage: "You add numbers with the add tool.",
        model: model({ reasoningEffort: "low" }),
      }),
      templates: { task_template: "{{question}}" },
      inputVariables: {
        type: "object",
        properties: { question: { type: "string" } },
        required: ["question"],
      },
      tools: [add],
    });
    const response = await task.run({ question: "What is 2+3?" });
    llm.assertComplete();
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("The answer is 5");
    const [first, second] = llm.requests;
    expect(first?.url).toBe("https://api.openai.com/v1/responses");
    expect(first?.toolNames).toEqual(["add"]);
    expect(first?.lastUserText).toBe("What is 2+3?");
    expect(second?.toolResults).toEqual([{ toolCallId: "call_1", content: "5" }]);
    expect(second?.body.instructions).toBe("You add numbers with the add tool.");
    expect(second?.body.input).toEqual([
      { role: "user", content: "What is 2+3?" },
      {
        type: "reasoning",
        id: "rs_mock1_0",
        summary: [{ type: "summary_text", text: "Use the tool." }],
        encrypted_content: "enc_1",
      },
      { type: "function_call", call_id: "call_1", name: "add", arguments: '{"a":2,"b":3}' },
      { type: "function_call_output", call_id: "call_1", output: "5" },
    ]);
  });
});

describe("openai.responses: structured output", () => {
  const format: ResponseFormat = {
    type: "json",
    name: "city",
    schema: {
      type: "object",
      properties: { name: { type: "string" }, population: { type: "number" } },
      required: ["name"],
    },
  };

  it("asks for text.format json_schema, strict where the schema allows, and answers with the JSON text", async () => {
    const llm = mockOpenAI([{ object: { name: "Paris", population: null } }]);
    server.use(...llm.handlers);
    const { message } = await model().generate(ask("A city?", { responseFormat: format }));
    expect(llm.requests[0]?.body.text).toEqual({
      format: {
        type: "json_schema",
        name: "city",
        strict: true,
        schema: {
          type: "object",
          properties: { name: { type: "string" }, population: { type: ["number", "null"] } },
          required: ["name", "population"],
          additionalProperties: false,
        },
      },
    });
    expect(JSON.parse(message.content)).toEqual({ name: "Paris", population: null });
  });

  it("sends a schema strict mode cannot say with strict: false, and JSON mode without a schema", async () => {
    const llm = mockOpenAI([{ object: { scores: { a: 1 } } }, { object: [1, 2] }]);
    server.use(...llm.handlers);
    const scores: ResponseFormat = {
      type: "json",
      schema: {
        type: "object",
        properties: { scores: { type: "object", additionalProperties: { type: "number" } } },
        required: ["scores"],
      },
    };
    const { message } = await model().generate(ask("Scores?", { responseFormat: scores }));
    expect(JSON.parse(message.content)).toEqual({ scores: { a: 1 } });
    expect(llm.requests[0]?.body.text).toEqual({
      format: { type: "json_schema", name: "answer", strict: false, schema: scores.schema },
    });
    await model().generate({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Any list?" },
      ],
      responseFormat: { type: "json" },
    });
    expect(llm.requests[1]?.body.text).toEqual({ format: { type: "json_object" } });
    // JSON mode needs the word JSON in the context: the instruction follows the system message.
    expect(llm.requests[1]?.body.instructions).toMatch(/^Be brief\.\n\nAnswer with JSON only/);
  });

  it("asks in prompt mode with JSON mode and the schema in the instructions", async () => {
    const llm = mockOpenAI([{ object: { name: "Paris" } }]);
    server.use(...llm.handlers);
    const m = model({ structuredOutput: "prompt" });
    const { message } = await m.generate(ask("A city?", { responseFormat: format }));
    expect(message.content).toBe('{"name":"Paris"}');
    const body = llm.requests[0]?.body;
    expect(body?.text).toEqual({ format: { type: "json_object" } });
    expect(body?.instructions).toContain(JSON.stringify(format.schema));
  });

  it("asks in tool mode with a forced output tool, whose arguments are the answer, streamed as text", async () => {
    const llm = mockOpenAI([
      { object: { name: "Paris", population: 2 } },
      { object: { name: "Lyon", population: 1 }, stream: { chunkBytes: 7 } },
    ]);
    server.use(...llm.handlers);
    const m = createOpenAI({
      apiKey: SECRET_KEY,
      retry: FAST_RETRY,
      structuredOutput: "tool",
    }).responses(MODEL);
    const { message } = await m.generate(ask("A city?", { responseFormat: format }));
    expect(message).toMatchObject({
      content: '{"name":"Paris","population":2}',
      finishReason: "stop",
    });
    expect(message.toolCalls).toBeUndefined();
    const body = llm.requests[0]?.body;
    expect(body?.tool_choice).toEqual({ type: "function", name: "json_answer" });
    expect(body?.tools).toMatchObject([{ type: "function", name: "json_answer", strict: true }]);
    expect(body).not.toHaveProperty("text");
    const { parts } = await drain(m.stream(ask("Another?", { responseFormat: format })));
    expect(textOf(parts)).toBe('{"name":"Lyon","population":1}');
    expect(parts.some((p) => p.type === "tool-call" || p.type === "tool-call-delta")).toBe(false);
    expect(finishOf(parts).message.content).toBe('{"name":"Lyon","population":1}');
  });
});

describe("openai.responses: reasoning carried between turns", () => {
  it("sends this API's reasoning items back before the calls they led to, with encrypted content", async () => {
    const llm = mockOpenAI([
      {
        reasoning: [
          { text: "First, the weather.", encryptedContent: "enc_A" },
          { encryptedContent: "enc_B" },
        ],
        toolCalls: [{ id: "call_1", name: "search", arguments: { q: "Paris weather" } }],
      },
      { text: "Sunny." },
    ]);
    server.use(...llm.handlers);
    const m = model({ reasoningEffort: "low" });
    const question: Message = { role: "user", content: "Weather in Paris?" };
    const first = await m.generate({ messages: [question], tools: [searchTool] });
    expect(llm.requests[0]?.body).toMatchObject({
      reasoning: { effort: "low" },
      include: ["reasoning.encrypted_content"],
      store: false,
    });
    expect(first.message.reasoning).toEqual([
      {
        type: "reasoning",
        text: "First, the weather.",
        provider: "openai-responses",
        id: "rs_mock1_0",
        encryptedContent: "enc_A",
      },
      {
        type: "reasoning",
        text: "",
        provider: "openai-responses",
        id: "rs_mock1_1",
        encryptedContent: "enc_B",
      },
    ]);
    const answer: AssistantMessage = {
      ...first.message,
      // A part of another provider, and one without encrypted content: both left out.
      reasoning: [
        { type: "reasoning", text: "thinking", provider: "anthropic", signature: "sig" },
        ...(first.message.reasoning ?? []),
        { type: "reasoning", text: "stored only", provider: "openai-responses", id: "rs_old" },
      ],
    };
    await m.generate({
      messages: [
        question,
        answer,
        { role: "tool", toolCallId: "call_1", toolName: "search", content: "sunny, 24°C" },
      ],
      tools: [searchTool],
    });
    expect(llm.requests[1]?.body.input).toEqual([
      { role: "user", content: "Weather in Paris?" },
      {
        type: "reasoning",
        id: "rs_mock1_0",
        summary: [{ type: "summary_text", text: "First, the weather." }],
        encrypted_content: "enc_A",
      },
      { type: "reasoning", id: "rs_mock1_1", summary: [], encrypted_content: "enc_B" },
      {
        type: "function_call",
        call_id: "call_1",
        name: "search",
        arguments: '{"q":"Paris weather"}',
      },
      { type: "function_call_output", call_id: "call_1", output: "sunny, 24°C" },
    ]);
    llm.assertComplete();
  });

  it("asks for encrypted reasoning once the conversation holds reasoning, even without reasoningEffort", async () => {
    const llm = mockOpenAI([{ text: "ok" }, { text: "ok" }]);
    server.use(...llm.handlers);
    await model().generate(ask());
    expect(llm.requests[0]?.body).not.toHaveProperty("include");
    const reasoned: AssistantMessage = {
      role: "assistant",
      content: "Hi.",
      reasoning: [
        {
          type: "reasoning",
          text: "",
          provider: "openai-responses",
          id: "rs_1",
          encryptedContent: "e",
        },
      ],
    };
    await model().generate({
      messages: [...ask().messages, reasoned, { role: "user", content: "More?" }],
    });
    expect(llm.requests[1]?.body.include).toEqual(["reasoning.encrypted_content"]);
  });
});

describe("openai.responses: usage and finish reasons", () => {
  it("maps input, output, cached and reasoning tokens", async () => {
    const usage = {
      inputTokens: 100,
      outputTokens: 40,
      cachedInputTokens: 64,
      reasoningTokens: 30,
    };
    const llm = mockOpenAI([{ text: "ok", usage }]);
    server.use(...llm.handlers);
    const { message } = await model().generate(ask());
    expect(message.usage).toEqual(usage);
  });

  it("reads incomplete answers as length or content-filter, and a refusal as refusal", async () => {
    const llm = mockOpenAI([
      { text: "cut", finishReason: "length" },
      { text: "", finishReason: "content-filter" },
      { text: "I can't help with that.", finishReason: "refusal" },
      { text: "cut", finishReason: "length", stream: {} },
    ]);
    server.use(...llm.handlers);
    const length = await model().generate(ask());
    const filtered = await model().generate(ask());
    const refused = await model().generate(ask());
    expect([length, filtered, refused].map((r) => r.message.finishReason)).toEqual([
      "length",
      "content-filter",
      "refusal",
    ]);
    expect(refused.message.content).toBe("I can't help with that.");
    const { parts } = await drain(model().stream(ask()));
    expect(finishOf(parts).message.finishReason).toBe("length");
  });
});

describe("openai.responses: errors and retries", () => {
  it("retries a 429 by the shared policy and answers on the second attempt", async () => {
    const llm = mockOpenAI([{ error: { status: 429 } }, { text: "ok" }]);
    server.use(...llm.handlers);
    const retries: number[] = [];
    const response = await model().generate(ask(), {
      onRetry: (notice) => retries.push(notice.attempt),
    });
    expect(response.message.content).toBe("ok");
    expect(response.attempts).toBe(2);
    expect(retries).toEqual([1]);
    expect(llm.requests.map((r) => r.headers["x-stainless-retry-count"])).toEqual(["0", "0"]);
  });

  it("fails a 400 at once as PROVIDER_BAD_REQUEST with the provider's message, no secret in it", async () => {
    const llm = mockOpenAI([{ error: { status: 400, message: "Unsupported parameter: 'foo'." } }]);
    server.use(...llm.handlers);
    const error = await providerError(model().generate(ask()));
    expect(error).toMatchObject({
      code: "PROVIDER_BAD_REQUEST",
      status: 400,
      isRetryable: false,
      attempts: 1,
      requestId: "req_mock1",
      provider: "openai",
      model: MODEL,
    });
    expect(error.message).toContain("Unsupported parameter: 'foo'.");
    expectNoSecret(error);
  });

  it("names the /responses endpoint in a connection error", async () => {
    const llm = mockOpenAI([{ networkError: true }]);
    server.use(...llm.handlers);
    const error = await providerError(model({ maxRetries: 0 }).generate(ask()));
    expect(error.code).toBe("PROVIDER_CONNECTION");
    expect(error.message).toContain("https://api.openai.com/v1/responses");
  });
});
