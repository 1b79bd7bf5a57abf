import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { anthropic, ask, askClaude, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();

const object = { city: "Zürich", days: [1, 2] };
const json = JSON.stringify(object);
const outputTool = {
  type: "function" as const,
  function: { name: "json_answer", parameters: { type: "object" } },
};

describe("MockReply.object through the openai SDK", () => {
  it("is JSON text when the request asks natively or in the prompt", async () => {
    const llm = mockOpenAI([{ object }, { text: "Here: ", object }]);
    server.use(...llm.handlers);
    const native = await openai().chat.completions.create({
      ...ask(),
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: {} } },
    });
    expect(native.choices[0]?.message.content).toBe(json);
    expect(native.choices[0]?.finish_reason).toBe("stop");
    const afterText = await openai().chat.completions.create(ask());
    expect(afterText.choices[0]?.message.content).toBe(`Here: ${json}`);
  });

  it("is a call of the output tool when the request offers it (tool mode), streamed too", async () => {
    const llm = mockOpenAI([{ object }, { object, stream: { chunkBytes: 2 } }]);
    server.use(...llm.handlers);
    const request = {
      ...ask(),
      tools: [outputTool],
      tool_choice: { type: "function" as const, function: { name: "json_answer" } },
    };
    const completion = await openai().chat.completions.create(request);
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && [call.function.name, call.function.arguments]).toEqual([
      "json_answer",
      json,
    ]);
    const stream = await openai().chat.completions.create({ ...request, stream: true });
    let args = "";
    for await (const chunk of stream) {
      for (const piece of chunk.choices[0]?.delta.tool_calls ?? []) {
        args += piece.function?.arguments ?? "";
      }
    }
    expect(args).toBe(json);
  });
});

describe("MockReply.object through the anthropic SDK", () => {
  it("is a text block without the output tool, a tool_use of it with", async () => {
    const llm = mockAnthropic([{ object }, { object }]);
    server.use(...llm.handlers);
    const text = await anthropic().messages.create(askClaude());
    expect(text.content).toEqual([{ type: "text", text: json }]);
    const tool = await anthropic().messages.create({
      ...askClaude(),
      tools: [{ name: "json_answer", input_schema: { type: "object" } }],
      tool_choice: { type: "tool", name: "json_answer" },
    });
    expect(tool.stop_reason).toBe("tool_use");
    expect(tool.content).toMatchObject([{ type: "tool_use", name: "json_answer", input: object }]);
  });

  it("streams the tool_use input as JSON deltas", async () => {
    const llm = mockAnthropic([{ object, stream: { chunkBytes: 1 } }]);
    server.use(...llm.handlers);
    const message = await anthropic()
      .messages.stream({
        ...askClaude(),
        tools: [{ name: "json_answer", input_schema: { type: "object" } }],
      })
      .finalMessage();
    expect(message.content).toMatchObject([
      { type: "tool_use", name: "json_answer", input: object },
    ]);
  });
});
