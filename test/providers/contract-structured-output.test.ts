import { OptionsError } from "alice-agents";
import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { createAnthropic } from "../../src/providers/anthropic/index.ts";
import type {
  LanguageModel,
  ModelSettings,
  ResponseFormat,
  StructuredOutputMode,
} from "../../src/providers/language-model.ts";
import { createOpenAI } from "../../src/providers/openai/index.ts";
import type { FunctionParameters } from "../../src/schema/function-parameters.ts";
import {
  ask,
  drain,
  FAST_RETRY,
  finishOf,
  MULTIBYTE,
  SECRET_KEY,
  searchTool,
  textOf,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();

const city: FunctionParameters = {
  type: "object",
  properties: {
    name: { type: "string" },
    note: { type: "string" },
    sights: { type: "array", items: { type: "string" } },
  },
  required: ["name", "note", "sights"],
  additionalProperties: false,
};
const format: ResponseFormat = { type: "json", schema: city };
// Multi-byte text, quotes and escapes: chunked by the byte, the JSON splits inside characters.
const answer = {
  name: "Zürich",
  note: `${MULTIBYTE} "quoted" back\\slash`,
  sights: ["Grossmünster"],
};

/** One provider with its provider-level default mode. */
interface Side {
  name: "openai" | "anthropic";
  mock: typeof mockOpenAI;
  model(settings?: ModelSettings, structuredOutput?: StructuredOutputMode): LanguageModel;
}

const sides: Side[] = [
  {
    name: "openai",
    mock: mockOpenAI,
    model: (settings = {}, structuredOutput) =>
      createOpenAI({
        apiKey: SECRET_KEY,
        retry: FAST_RETRY,
        ...(structuredOutput && { structuredOutput }),
      })("gpt-4o-mini", settings),
  },
  {
    name: "anthropic",
    mock: mockAnthropic,
    model: (settings = {}, structuredOutput) =>
      createAnthropic({
        apiKey: SECRET_KEY,
        retry: FAST_RETRY,
        ...(structuredOutput && { structuredOutput }),
      })("claude-haiku-4-5", settings),
  },
];

const modes: StructuredOutputMode[] = ["native", "tool", "prompt"];
const cases = sides.flatMap((side) => modes.map((mode) => ({ ...side, mode })));

/** How each mode shows on the wire, for the precedence tests. */
function modeOf(body: Record<string, unknown>): StructuredOutputMode {
  const tools = JSON.stringify(body.tools ?? []);
  if (tools.includes("json_answer")) return "tool";
  if (body.output_config !== undefined) return "native";
  const rf = body.response_format as { type?: string } | undefined;
  if (rf?.type === "json_schema") return "native";
  return "prompt";
}

describe.each(cases)("$name, structuredOutput $mode: the answer is the JSON text", (c) => {
  const model = () => c.model({ structuredOutput: c.mode });

  it("generate(): content is the JSON, no tool calls, finish reason stop", async () => {
    const llm = c.mock([{ object: answer }]);
    server.use(...llm.handlers);
    const response = await model().generate({ ...ask("Which city?"), responseFormat: format });
    expect(response.message.content).toBe(JSON.stringify(answer));
    expect(response.message.toolCalls).toBeUndefined();
    expect(response.message.finishReason).toBe("stop");
    expect(modeOf(llm.requests[0]?.body ?? {})).toBe(c.mode);
    llm.assertComplete();
  });

  it("stream(), one byte a chunk: text deltas grow the JSON, no tool-call parts, finish carries it", async () => {
    const llm = c.mock([{ object: answer, stream: { chunkBytes: 1 } }]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(
      model().stream({ ...ask("Which city?"), responseFormat: format }),
    );
    expect(error).toBeUndefined();
    expect(parts.filter((p) => p.type === "tool-call" || p.type === "tool-call-delta")).toEqual([]);
    expect(parts.filter((p) => p.type === "text-delta").length).toBeGreaterThan(1);
    expect(textOf(parts)).toBe(JSON.stringify(answer));
    const finish = finishOf(parts);
    expect(finish.message.content).toBe(JSON.stringify(answer));
    expect(finish.message.toolCalls).toBeUndefined();
    expect(finish.message.finishReason).toBe("stop");
  });

  it("with tools: the model calls a tool first, then gives its structured answer", async () => {
    const llm = c.mock([
      { toolCalls: [{ id: "call_1", name: "search", arguments: { q: "Zürich" } }] },
      { object: answer, stream: { chunkBytes: 3 } },
    ]);
    server.use(...llm.handlers);
    const first = await model().generate({
      ...ask("Which city?"),
      tools: [searchTool],
      responseFormat: format,
    });
    expect(first.message.finishReason).toBe("tool-calls");
    expect(first.message.toolCalls?.map((call) => call.name)).toEqual(["search"]);
    expect(first.message.content).toBe("");
    const { parts } = await drain(
      model().stream({
        messages: [
          { role: "user", content: "Which city?" },
          first.message,
          { role: "tool", toolCallId: "call_1", toolName: "search", content: "Zürich: a city" },
        ],
        tools: [searchTool],
        responseFormat: format,
      }),
    );
    expect(parts.some((p) => p.type === "tool-call")).toBe(false);
    expect(finishOf(parts).message.content).toBe(JSON.stringify(answer));
    expect(llm.requests.map((r) => r.toolNames.includes("search"))).toEqual([true, true]);
    expect(llm.requests[1]?.toolResults).toEqual([
      { toolCallId: "call_1", content: "Zürich: a city" },
    ]);
    llm.assertComplete();
  });
});

describe.each(sides)("$name: which structured-output mode a request uses", (side) => {
  async function sentMode(model: LanguageModel, settings?: ModelSettings) {
    const llm = side.mock([{ object: answer }]);
    server.use(...llm.handlers);
    await model.generate({ ...ask(), responseFormat: format, ...(settings && { settings }) });
    return modeOf(llm.requests[0]?.body ?? {});
  }

  it("defaults to \"native\"; the provider option, the model's settings, the request's settings win in turn", async () => {
    expect(await sentMode(side.model())).toBe("native");
    expect(await sentMode(side.model({}, "tool"))).toBe("tool");
    expect(await sentMode(side.model({ structuredOutput: "prompt" }, "tool"))).toBe("prompt");
    const model = side.model({ structuredOutput: "prompt" }, "tool");
    expect(await sentMode(model, { structuredOutput: "native" })).toBe("native");
  });

  it("an unknown mode is refused: as a provider option, a model setting, a request setting", async () => {
    const bad = "json" as StructuredOutputMode;
    const create = side.name === "openai" ? createOpenAI : createAnthropic;
    expect(() => create({ structuredOutput: bad })).toThrow(OptionsError);
    expect(() => create({ structuredOutput: bad })).toThrow(
      'structuredOutput must be one of "native", "tool", "prompt"; got "json".',
    );
    let error: unknown;
    try {
      side.model({ structuredOutput: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as OptionsError).code).toBe("OPTIONS_INVALID");
    const llm = side.mock([]);
    server.use(...llm.handlers);
    await expect(
      side
        .model()
        .generate({ ...ask(), responseFormat: format, settings: { structuredOutput: bad } }),
    ).rejects.toMatchObject({ code: "OPTIONS_INVALID" });
    expect(llm.requests).toHaveLength(0);
  });

  it("a request without responseFormat is sent as before, whatever the mode", async () => {
    const llm = side.mock([{ text: "plain" }]);
    server.use(...llm.handlers);
    const response = await side.model({ structuredOutput: "tool" }).generate(ask());
    expect(response.message.content).toBe("plain");
    const body = llm.requests[0]?.body ?? {};
    expect(body.tools).toBeUndefined();
    expect(body.response_format).toBeUndefined();
    expect(body.output_config).toBeUndefined();
  });
});
