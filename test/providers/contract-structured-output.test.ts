import { OptionsError } from "alice-agents";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/messages/json.ts";
import type {
  LanguageModel,
  ModelSettings,
  ResponseFormat,
  StructuredOutputMode,
} from "../../src/providers/language-model.ts";
import type { FunctionParameters } from "../../src/schema/function-parameters.ts";
import {
  ask,
  drain,
  finishOf,
  type Harness,
  MULTIBYTE,
  searchTool,
  textOf,
  useMockServer,
  wireHarnesses,
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

const modes: StructuredOutputMode[] = ["native", "tool", "prompt"];
const cases = wireHarnesses.flatMap((h) => modes.map((mode) => ({ ...h, mode })));

/** How each mode shows on the wire, for the precedence tests. */
function modeOf(h: Harness, body: JsonObject): StructuredOutputMode {
  const tools = JSON.stringify(body.tools ?? []);
  if (tools.includes("json_answer")) return "tool";
  const native = h.nativeFormat(body) as { type?: string } | undefined;
  if (native?.type === "json_schema") return "native";
  return "prompt";
}

describe.each(cases)("$name, structuredOutput $mode: the answer is the JSON text", (c) => {
  const model = () => c.model({ settings: { structuredOutput: c.mode } });

  it("generate(): content is the JSON, no tool calls, finish reason stop", async () => {
    const llm = c.mock([{ object: answer }]);
    server.use(...llm.handlers);
    const response = await model().generate({ ...ask("Which city?"), responseFormat: format });
    expect(response.message.content).toBe(JSON.stringify(answer));
    expect(response.message.toolCalls).toBeUndefined();
    expect(response.message.finishReason).toBe("stop");
    expect(modeOf(c, llm.requests[0]?.body ?? {})).toBe(c.mode);
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

describe.each(wireHarnesses)("$name: which structured-output mode a request uses", (h) => {
  async function sentMode(model: LanguageModel, settings?: ModelSettings) {
    const llm = h.mock([{ object: answer }]);
    server.use(...llm.handlers);
    await model.generate({ ...ask(), responseFormat: format, ...(settings && { settings }) });
    return modeOf(h, llm.requests[0]?.body ?? {});
  }

  it("defaults to \"native\"; the provider option, the model's settings, the request's settings win in turn", async () => {
    expect(await sentMode(h.model())).toBe("native");
    expect(await sentMode(h.model({ structuredOutput: "tool" }))).toBe("tool");
    const prompt = { settings: { structuredOutput: "prompt" }, structuredOutput: "tool" } as const;
    expect(await sentMode(h.model(prompt))).toBe("prompt");
    const model = h.model(prompt);
    expect(await sentMode(model, { structuredOutput: "native" })).toBe("native");
  });

  it("an unknown mode is refused: as a provider option, a model setting, a request setting", async () => {
    const bad = "json" as StructuredOutputMode;
    expect(() => h.create({ structuredOutput: bad })).toThrow(OptionsError);
    expect(() => h.create({ structuredOutput: bad })).toThrow(
      'structuredOutput must be one of "native", "tool", "prompt"; got "json".',
    );
    let error: unknown;
    try {
      h.model({ settings: { structuredOutput: bad } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as OptionsError).code).toBe("OPTIONS_INVALID");
    const llm = h.mock([]);
    server.use(...llm.handlers);
    await expect(
      h.model().generate({ ...ask(), responseFormat: format, settings: { structuredOutput: bad } }),
    ).rejects.toMatchObject({ code: "OPTIONS_INVALID" });
    expect(llm.requests).toHaveLength(0);
  });

  it("a request without responseFormat is sent as before, whatever the mode", async () => {
    const llm = h.mock([{ text: "plain" }]);
    server.use(...llm.handlers);
    const response = await h.model({ settings: { structuredOutput: "tool" } }).generate(ask());
    expect(response.message.content).toBe("plain");
    const body = llm.requests[0]?.body ?? {};
    expect(body.tools).toBeUndefined();
    expect(body.response_format).toBeUndefined();
    expect(body.output_config).toBeUndefined();
    expect(h.nativeFormat(body)).toBeUndefined();
  });
});
