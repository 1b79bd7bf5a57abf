// The conversation an agent sends at each model call, read back from the wire: every call
// carries exactly what the run said so far, however long the run and however it got there.
import {
  AliceAgent,
  defineTool,
  type JsonObject,
  type JsonValue,
  PromptAgentTask,
  type PromptAgentTaskOptions,
} from "alice-agents";
import type { MockTurn } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Harness, harnesses } from "./harness.ts";

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

const SYSTEM = "You add numbers with the add tool.";

const agentTask = (h: Harness, options: Partial<PromptAgentTaskOptions> = {}) =>
  new PromptAgentTask({
    taskName: "adder",
    agent: new AliceAgent({
      name: "adder",
      systemMessage: SYSTEM,
      model: h.model(),
      maxToolRounds: 20,
    }),
    templates: { task_template: "{{question}}" },
    tools: [add],
    ...options,
  });

const call = (i: number): MockTurn => ({
  toolCalls: [{ id: `call_${i}`, name: "add", arguments: { a: i, b: 1 } }],
});
const called = (i: number) => [`call call_${i} add {"a":${i},"b":1}`, `result call_${i}: ${i + 1}`];

describe.each(harnesses())("the conversation over $name", (h) => {
  it("a 20-round tool loop sends exactly the conversation so far at every call: a cut-off answer never, its feedback once", async () => {
    const cutOff: MockTurn = {
      toolCalls: [{ id: "cut", name: "add", arguments: '{"a": 1' }],
      finishReason: "length",
    };
    const turns = [
      ...Array.from({ length: 10 }, (_, i) => call(i + 1)),
      cutOff,
      ...Array.from({ length: 10 }, (_, i) => call(i + 11)),
      { text: "All added." },
    ];
    const llm = h.script(turns);
    const response = await agentTask(h).run({ question: "Add them up." });
    llm.assertComplete();
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("All added.");

    const feedback =
      "user: Your previous answer was cut off at the output-token limit before it was complete, so it was discarded. Answer again within the limit: be more concise, and keep tool-call arguments short.";
    const expected: string[][] = [];
    let said = [`system: ${SYSTEM}`, "user: Add them up."];
    for (let i = 1; i <= 21; i++) {
      expected.push(said);
      if (i === 11) {
        said = [...said, feedback];
        expected.push(said);
      }
      said = [...said, ...called(i)];
    }
    expect(llm.requests.map((r) => transcript(r.body))).toEqual(expected);
  });

  it("a run resumed at each tool round sends what an uninterrupted run sends", async () => {
    const turns = [call(1), call(2), { text: "Done." }];
    const uninterrupted = h.script(turns);
    await agentTask(h).run({ question: "Add twice." });
    const expected = uninterrupted.requests.map((r) => r.body);

    const llm = h.script(turns);
    const paused = agentTask(h, {
      userCheckpoints: {
        tool_call_execution: {
          userPrompt: "Run the tools?",
          taskNextObj: { 0: "tool_call_execution", 1: null },
        },
      },
    });
    let response = await paused.run({ question: "Add twice." });
    let pauses = 0;
    while (response.status === "pending" && pauses++ < 5)
      response = await paused.resume(JSON.parse(JSON.stringify(response)), { selectedOption: 0 });
    expect([response.status, pauses]).toEqual(["complete", 2]);
    expect(llm.requests.map((r) => r.body)).toEqual(expected);
  });
});

/** A request's conversation, one line per message or content block, the same for both providers. */
function transcript(body: JsonObject): string[] {
  const lines: string[] = [];
  const system = body.system === undefined ? [] : [text(body.system)];
  for (const content of system) lines.push(`system: ${content}`);
  for (const message of body.messages as JsonObject[]) {
    const role = message.role as string;
    if (role === "system") lines.push(`system: ${text(message.content)}`);
    else if (role === "tool")
      lines.push(`result ${message.tool_call_id}: ${text(message.content)}`);
    for (const call of (message.tool_calls ?? []) as JsonObject[]) {
      const fn = call.function as JsonObject;
      lines.push(
        `call ${call.id} ${fn.name} ${JSON.stringify(JSON.parse(fn.arguments as string))}`,
      );
    }
    if (role === "system" || role === "tool") continue;
    const blocks =
      typeof message.content === "string" ? [message.content] : asList(message.content);
    for (const block of blocks) {
      if (typeof block === "string" || (block as JsonObject).type === "text") {
        const said = text(block);
        if (said !== "") lines.push(`${role}: ${said}`);
      } else if ((block as JsonObject).type === "tool_use") {
        const use = block as JsonObject;
        lines.push(`call ${use.id} ${use.name} ${JSON.stringify(use.input)}`);
      } else if ((block as JsonObject).type === "tool_result") {
        const result = block as JsonObject;
        lines.push(`result ${result.tool_use_id}: ${text(result.content)}`);
      }
    }
  }
  return lines;
}

function text(content: JsonValue | undefined): string {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  if (!Array.isArray(content)) return text((content as JsonObject).text);
  return content.map(text).join("");
}

function asList(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}
