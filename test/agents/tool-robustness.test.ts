// What the model reads when a tool call goes wrong in ways the model or the tool cannot be
// trusted to avoid: arguments nested too deep, results that have no JSON form, omitted or
// out-of-range arguments. Each is an error result the model can act on, and the run goes on.
import { AliceAgent, defineTool, PromptAgentTask, type Tool } from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Harness, harnesses } from "./harness.ts";

const providers = harnesses();

const task = (h: Harness, tools: Tool<unknown>[]) =>
  new PromptAgentTask({
    taskName: "robust",
    agent: new AliceAgent({ name: "robust", systemMessage: "Use the tools.", model: h.model() }),
    templates: { task_template: "Go." },
    tools,
  });

const PLAIN = "return plain data: strings, numbers, booleans, null, arrays and objects";

// Anthropic sends tool input as a JSON object inside the response, so a client (and this kit's
// mock) must stringify it to send it: 100,000 levels cannot even be put on that wire here.
describe.each(providers.filter((h) => h.name === "openai"))(
  "deep tool arguments over $name",
  (h) => {
    it("answers arguments 100,000 levels deep (with an escape) with an error result, and the run goes on", async () => {
      let runs = 0;
      const echo = defineTool({
        name: "echo",
        description: "Echoes.",
        input: z.object({ a: z.unknown() }),
        execute: () => {
          runs++;
          return "ok";
        },
      });
      const depth = 100_000;
      const llm = h.script([
        {
          toolCalls: [
            {
              id: "call_deep",
              name: "echo",
              arguments: `{"a":${"[".repeat(depth)}"\\u0041"${"]".repeat(depth)}}`,
            },
          ],
        },
        { text: "I will send flatter arguments." },
      ]);
      const response = await task(h, [echo]).run();
      llm.assertComplete();
      expect(response.status).toBe("complete");
      expect(response.taskOutputs).toBe("I will send flatter arguments.");
      expect(runs).toBe(0);
      expect(llm.requests[1]?.toolResults).toEqual([
        {
          toolCallId: "call_deep",
          content:
            'The arguments of tool "echo" nest arrays and objects more than 100 levels deep. Call it again with arguments that match its schema.',
        },
      ]);
      expect(response.nodeReferences[1]?.references.errors).toMatchObject([
        { code: "TOOL_INPUT_INVALID" },
      ]);
    });
  },
);

describe.each(providers)("tool results and arguments over $name", (h) => {
  it("never sends a returned function's source text; says what cannot be sent instead", async () => {
    const leak = defineTool({
      name: "leak",
      description: "Returns a function by mistake.",
      input: z.object({}),
      execute: () =>
        function connect() {
          return "postgres://app:SENTINEL_FN_SOURCE@db";
        },
    });
    const llm = h.script([
      { toolCalls: [{ id: "call_fn", name: "leak", arguments: {} }] },
      { text: "The tool is broken." },
    ]);
    const response = await task(h, [leak]).run();
    llm.assertComplete();
    expect(response.status).toBe("complete");
    const [result] = llm.requests[1]?.toolResults ?? [];
    expect(result?.content).toBe(
      `Tool "leak" returned a value that cannot be sent to the model: a function (${PLAIN})`,
    );
    expect(JSON.stringify(llm.requests[1])).not.toContain("SENTINEL_FN_SOURCE");
  });

  it.each([
    [
      "a circular object",
      () => {
        const node: Record<string, unknown> = { id: 1 };
        node.parent = node;
        return node;
      },
      `a circular reference at "parent" (an object that contains itself; ${PLAIN})`,
    ],
    [
      "a BigInt",
      () => ({ total: 2n ** 70n }),
      'a BigInt at "total" (convert it to a string or a number first)',
    ],
    [
      "a getter that throws",
      () => ({
        get rows(): never {
          throw new Error("cursor closed");
        },
      }),
      'reading "rows" threw cursor closed',
    ],
  ])(
    "answers a tool that returns %s with an error result the model reads",
    async (_case, execute, reason) => {
      const odd = defineTool({ name: "odd", description: "", input: z.object({}), execute });
      const llm = h.script([
        { toolCalls: [{ id: "call_odd", name: "odd", arguments: {} }] },
        { text: "Noted." },
      ]);
      const response = await task(h, [odd]).run();
      llm.assertComplete();
      expect(response.status).toBe("complete");
      const [result] = llm.requests[1]?.toolResults ?? [];
      expect(result?.content).toBe(
        `Tool "odd" returned a value that cannot be sent to the model: ${reason}`,
      );
      expect(response.nodeReferences[1]?.references.errors).toMatchObject([
        { code: "TOOL_OUTPUT_INVALID" },
      ]);
    },
  );

  it("gives a tool the declared default for an omitted argument, and tells the model about an out-of-range one", async () => {
    const seen: unknown[] = [];
    const search = defineTool({
      name: "search",
      description: "Searches.",
      input: {
        type: "object",
        properties: {
          query: { type: "string" },
          max_results: { type: "integer", default: 4, minimum: 1 },
        },
        required: ["query"],
      },
      execute: (args) => {
        seen.push(args);
        return "3 hits";
      },
    });
    const llm = h.script([
      {
        toolCalls: [
          { id: "call_a", name: "search", arguments: { query: "cats" } },
          { id: "call_b", name: "search", arguments: { query: "dogs", max_results: 0 } },
        ],
      },
      { text: "Done." },
    ]);
    const response = await task(h, [search]).run();
    llm.assertComplete();
    expect(response.status).toBe("complete");
    expect(seen).toEqual([{ query: "cats", max_results: 4 }]);
    const [a, b] = llm.requests[1]?.toolResults ?? [];
    expect(a?.content).toBe("3 hits");
    expect(b?.content).toBe(
      'The arguments of tool "search" do not match its schema: max_results: must be an integer at least 1; received 0 (a number). Call it again with corrected arguments.',
    );
  });
});
