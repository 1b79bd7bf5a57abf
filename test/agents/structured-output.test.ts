import { fileURLToPath } from "node:url";
import {
  AliceAgent,
  CheckTask,
  defineTool,
  loadPrompt,
  PromptAgentTask,
  type TaskEvent,
} from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import type { MockRequest, MockTurn } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { harnesses } from "./harness.ts";

const ticket = z.object({
  title: z.string().describe("One line saying what is wrong"),
  priority: z.enum(["low", "normal", "urgent"]),
  customer: z.object({ name: z.string(), email: z.string().optional() }),
  tags: z.array(z.string()).default([]),
});
type Ticket = z.infer<typeof ticket>;

const TICKET: Ticket = {
  title: "Grüße 🌍: the lamp arrived cracked",
  priority: "urgent",
  customer: { name: "Sam", email: "sam@example.com" },
  tags: ["damaged", "refund"],
};

const lookupOrder = defineTool({
  name: "lookup_order",
  description: "Looks up an order.",
  input: z.object({ orderId: z.string() }),
  execute: ({ orderId }) => ({ orderId, status: "DELIVERED" }),
});

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

/** Reads a path of keys from a JSON value; undefined where it does not go on. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * The response format a request carried on its provider's wire: OpenAI's `response_format`
 * (json_schema), Anthropic's `output_config.format` or, in tool mode, the output tool's schema.
 */
function sentFormat(request: MockRequest | undefined): { name?: unknown; schema: unknown } {
  const body = request?.body;
  const openai = at(body, "response_format", "json_schema");
  if (openai !== undefined) return { name: at(openai, "name"), schema: at(openai, "schema") };
  const native = at(body, "output_config", "format", "schema");
  if (native !== undefined) return { schema: native };
  const tools = at(body, "tools");
  const tool = Array.isArray(tools)
    ? tools.find((t) => at(t, "name") === "json_answer")
    : undefined;
  return { schema: at(tool, "input_schema") };
}

describe.each(harnesses())("structured output over $name", (h) => {
  const agent = () =>
    new AliceAgent({
      name: "triage",
      systemMessage: "You turn support emails into tickets.",
      model: h.model(),
    });
  const extract = (options: { tools?: boolean } = {}) =>
    new PromptAgentTask({
      taskName: "extract ticket",
      agent: agent(),
      templates: { task_template: "{{email}}" },
      inputVariables: z.object({ email: z.string() }),
      outputSchema: ticket,
      ...(options.tools === true ? { tools: [lookupOrder] } : {}),
    });
  const run = (task: ReturnType<typeof extract>, turns: MockTurn[], events?: TaskEvent[]) => {
    const llm = h.script(turns);
    const response = task.run(
      { email: "My lamp (order 1042) arrived cracked!" },
      events === undefined ? {} : { onEvent: (e) => events.push(e) },
    );
    return { llm, response };
  };

  it("asks every model call for JSON matching the schema, named after the task", async () => {
    const task = extract();
    expect(task.responseFormat).toEqual({
      type: "json",
      name: "extract_ticket",
      schema: {
        type: "object",
        properties: {
          title: { type: "string", description: "One line saying what is wrong" },
          priority: { type: "string", enum: ["low", "normal", "urgent"] },
          customer: {
            type: "object",
            properties: { name: { type: "string" }, email: { type: "string" } },
            required: ["name"],
          },
          tags: { type: "array", items: { type: "string" }, default: [] },
        },
        required: ["title", "priority", "customer"],
      },
    });
    const { llm, response } = run(task, [{ text: JSON.stringify(TICKET) }]);
    expect((await response).status).toBe("complete");
    const sent = sentFormat(llm.requests[0]);
    if (h.name === "openai") expect(sent.name).toBe("extract_ticket");
    expect(Object.keys(at(sent.schema, "properties") as object)).toEqual([
      "title",
      "priority",
      "customer",
      "tags",
    ]);
    expect(at(sent.schema, "properties", "priority", "enum")).toEqual(["low", "normal", "urgent"]);
  });

  it("gives the parsed answer as a typed structuredOutput, defaults applied", async () => {
    const { tags: _, ...withoutTags } = TICKET;
    const { response } = run(extract(), [{ text: JSON.stringify(withoutTags) }]);
    const done = await response;
    expect(done.status).toBe("complete");
    const output: Ticket | undefined = done.structuredOutput;
    expect(output).toEqual({ ...withoutTags, tags: [] });
    expect(output?.customer.name).toBe("Sam");
  });

  it("reads a null for an optional property as absent (strict schemas make them nullable)", async () => {
    const answer = { ...TICKET, customer: { name: "Sam", email: null } };
    const { response } = run(extract(), [{ text: JSON.stringify(answer) }]);
    expect((await response).structuredOutput).toEqual({ ...TICKET, customer: { name: "Sam" } });
  });

  it("repairs once: the model is told each problem with its path and shown the schema", async () => {
    const task = extract();
    const bad = { title: "Lamp", priority: "asap", customer: { email: "sam@example.com" } };
    const { llm, response } = run(task, [
      { text: JSON.stringify(bad) },
      { text: `\`\`\`json\n${JSON.stringify(TICKET)}\n\`\`\`` },
    ]);
    const done = await response;
    llm.assertComplete();
    expect(done.status).toBe("complete");
    expect(done.structuredOutput).toEqual(TICKET);
    const repair = llm.requests[1]?.lastUserText ?? "";
    expect(repair.split("\n")).toEqual([
      "Your answer does not match the required format:",
      '- priority: Invalid option: expected one of "low"|"normal"|"urgent"',
      "- customer.name: Invalid input: expected string, received undefined",
      `The answer must be JSON matching this JSON Schema: ${JSON.stringify(task.responseFormat?.schema)}`,
      "Answer again with only the corrected JSON.",
    ]);
    // The repair asks for the same format; the rejected answer is sent back so it can be fixed.
    expect(sentFormat(llm.requests[1])).toEqual(sentFormat(llm.requests[0]));
    expect(JSON.stringify(llm.requests[1]?.body)).toContain("asap");
  });

  it("fails with OUTPUT_INVALID when the repair does not match either", async () => {
    const { llm, response } = run(extract(), [
      { text: "Sam's lamp is broken, urgent." },
      { text: JSON.stringify({ ...TICKET, priority: "asap" }) },
    ]);
    const done = await response;
    llm.assertComplete();
    expect(llm.requests).toHaveLength(2);
    expect(llm.requests[1]?.lastUserText).toMatch(
      /^Your answer does not match the required format:\n- it is not valid JSON \(.+\)\n/,
    );
    expect(done.status).toBe("failed");
    expect(done.error?.code).toBe("OUTPUT_INVALID");
    expect(done.error?.message).toContain(
      'The final answer of task "extract ticket" does not match its outputSchema, even after a repair: priority: Invalid option',
    );
    expect(done.structuredOutput).toBeUndefined();
  });

  it("streams object-delta events as the JSON arrives one byte at a time, and validates the end once", async () => {
    const events: TaskEvent[] = [];
    const text = JSON.stringify(TICKET, null, 1);
    const { response } = run(extract(), [{ text, stream: { chunkBytes: 1 } }], events);
    const done = await response;
    expect(done.status).toBe("complete");
    expect(done.structuredOutput).toEqual(TICKET);

    const deltas = events.flatMap((e) => (e.type === "text-delta" ? [e.delta] : []));
    expect(deltas.join("")).toBe(text);
    const values = events.flatMap((e) => (e.type === "object-delta" ? [e.value] : []));
    expect(values[0]).toEqual({});
    expect(values.at(-1)).toEqual(TICKET);
    // One event per change: never the same value twice in a row.
    for (let i = 1; i < values.length; i++) expect(values[i]).not.toEqual(values[i - 1]);
    // Partial values grow: strings are cut short, keys still to come are absent.
    expect(values).toContainEqual({ title: "Grüße" });
    expect(values).toContainEqual({ ...TICKET, customer: { name: "Sam" }, tags: undefined });
    expect(values.filter((v) => at(v, "customer") === undefined).length).toBeGreaterThan(1);
    // Object deltas come during the model call: before the node's end, after its start.
    const types = events.map((e) => e.type);
    expect(types.indexOf("object-delta")).toBeGreaterThan(types.indexOf("node-start"));
    expect(types.lastIndexOf("object-delta")).toBeLessThan(types.indexOf("node-end"));
  });

  it("emits no object-delta for a task without an outputSchema", async () => {
    const events: TaskEvent[] = [];
    h.script([{ text: '{"a": 1}', stream: { chunkBytes: 1 } }]);
    const task = new PromptAgentTask({
      taskName: "plain",
      agent: agent(),
      templates: { task_template: "?" },
    });
    const done = await task.run({}, { onEvent: (e) => events.push(e) });
    expect(done.taskOutputs).toBe('{"a": 1}');
    expect(events.some((e) => e.type === "object-delta")).toBe(false);
  });

  it("with tools: calls them until the final structured answer, every call asking for the format", async () => {
    const events: TaskEvent[] = [];
    const { llm, response } = run(
      extract({ tools: true }),
      [
        { toolCalls: [{ id: "call_1", name: "lookup_order", arguments: { orderId: "1042" } }] },
        { text: JSON.stringify(TICKET), stream: { chunkBytes: 3 } },
      ],
      events,
    );
    const done = await response;
    llm.assertComplete();
    expect(done.status).toBe("complete");
    expect(done.structuredOutput).toEqual(TICKET);
    expect(done.nodeReferences.map((n) => `${n.nodeName}:${n.exitCode}`)).toEqual([
      "llm_generation:2",
      "tool_call_execution:0",
      "llm_generation:0",
    ]);
    for (const request of llm.requests) {
      expect(request.toolNames).toContain("lookup_order");
      expect(at(sentFormat(request).schema, "properties", "priority")).toBeDefined();
    }
    expect(llm.requests[1]?.toolResults).toEqual([
      { toolCallId: "call_1", content: '{"orderId":"1042","status":"DELIVERED"}' },
    ]);
    expect(events.filter((e) => e.type === "object-delta").at(-1)).toMatchObject({
      nodeName: "llm_generation",
      value: TICKET,
    });
  });

  it.each(["native", "tool", "prompt"] as const)(
    "in %s mode: tools, then the structured answer, streamed one byte at a time",
    async (mode) => {
      const task = new PromptAgentTask({
        taskName: "extract ticket",
        agent: agent(),
        templates: { task_template: "{{email}}" },
        inputVariables: z.object({ email: z.string() }),
        outputSchema: ticket,
        tools: [lookupOrder],
        modelSettings: { structuredOutput: mode },
      });
      const events: TaskEvent[] = [];
      const { llm, response } = run(
        task,
        [
          { toolCalls: [{ id: "call_1", name: "lookup_order", arguments: { orderId: "1042" } }] },
          { object: TICKET, stream: { chunkBytes: 1 } },
        ],
        events,
      );
      const done = await response;
      llm.assertComplete();
      expect(done.status).toBe("complete");
      expect(done.structuredOutput).toEqual(TICKET);
      const values = events.flatMap((e) => (e.type === "object-delta" ? [e.value] : []));
      expect(values.length).toBeGreaterThan(3);
      expect(values.at(-1)).toEqual(TICKET);
    },
  );

  it("takes a JSON Schema outputSchema as it is, its defaults applied to the answer", async () => {
    const schema = {
      type: "object",
      properties: {
        answer: { type: "integer" },
        unit: { type: "string", default: "kg" },
      },
      required: ["answer"],
    } as const;
    const task = new PromptAgentTask({
      taskName: "weigh",
      agent: agent(),
      templates: { task_template: "How heavy?" },
      outputSchema: schema,
    });
    expect(task.responseFormat).toEqual({ type: "json", name: "weigh", schema });
    const llm = h.script([{ text: '{"answer": 2.5}' }, { text: '{"answer": 3}' }]);
    const done = await task.run({});
    expect(done.structuredOutput).toEqual({ answer: 3, unit: "kg" });
    expect(llm.requests[1]?.lastUserText).toContain("- answer: must be an integer");
  });

  it("asks for a .prompt file's output schema", async () => {
    const file = fileURLToPath(new URL("./fixtures/calc.prompt", import.meta.url));
    const task = new PromptAgentTask({
      taskName: "calc",
      agent: new AliceAgent({ name: "calc", systemMessage: "", model: h.model() }),
      templates: { task_template: await loadPrompt(file) },
      tools: [add],
    });
    expect(task.responseFormat?.name).toBe("calc");
    const llm = h.script([{ text: '{"answer": 5, "explanation": "2+3"}' }]);
    const done = await task.run({ question: "2+3?" });
    expect(done.structuredOutput).toEqual({ answer: 5, explanation: "2+3" });
    expect(Object.keys(at(sentFormat(llm.requests[0]).schema, "properties") as object)).toEqual([
      "answer",
      "explanation",
    ]);
  });

  it("sends no response format for a schema whose root is not an object, and still validates", async () => {
    const task = new PromptAgentTask({
      taskName: "list",
      agent: agent(),
      templates: { task_template: "Three colours?" },
      outputSchema: z.array(z.string()),
    });
    expect(task.responseFormat).toBeUndefined();
    const llm = h.script([{ text: '["red", "green", "blue"]' }]);
    const done = await task.run({});
    expect(done.structuredOutput).toEqual(["red", "green", "blue"]);
    expect(sentFormat(llm.requests[0]).schema).toBeUndefined();
  });

  it("a CheckTask asks for no response format: it reads its decision from text", async () => {
    const check = new CheckTask({
      taskName: "check",
      agent: agent(),
      templates: { task_template: "Is it fine?" },
    });
    expect(check.responseFormat).toBeUndefined();
    const llm = h.script([{ text: "APPROVED" }]);
    expect((await check.run({})).resultCode).toBe(0);
    expect(sentFormat(llm.requests[0]).schema).toBeUndefined();
  });
});

describe("outputSchema problems", () => {
  const model = () => createOpenAI({ apiKey: "sk-test-key-openai" })("gpt-4o-mini");
  it("refuses an outputSchema that is neither zod nor a JSON Schema, or an invalid JSON Schema", () => {
    const make = (outputSchema: unknown) => () =>
      new PromptAgentTask({
        taskName: "t",
        agent: new AliceAgent({ name: "a", model: model() }),
        templates: { task_template: "?" },
        outputSchema: outputSchema as z.ZodType,
      });
    expect(make("json")).toThrow(/outputSchema must be a zod schema or a JSON Schema object/);
    expect(make({ type: "string", pattern: "(" })).toThrow(
      /outputSchema cannot be made a JSON Schema/,
    );
  });
});
