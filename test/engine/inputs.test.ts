import { AliceTask, type AliceTaskOptions, type NodeContext, type NodeResult } from "alice-agents";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";

/** A one-node task that echoes what it sees as its inputs. */
function echo(inputVariables: AliceTaskOptions["inputVariables"]) {
  class Echo extends AliceTask {
    execute_echo(ctx: NodeContext): NodeResult {
      return { exitCode: 0, output: { ...ctx.inputs } };
    }
  }
  return new Echo({
    taskName: "echo",
    nodeEndCodeRouting: { echo: { 0: [null, false] } },
    inputVariables,
  });
}

const params: AliceTaskOptions["inputVariables"] = {
  type: "object",
  properties: {
    topic: { type: "string", description: "What to research" },
    count: { type: "integer", default: 3 },
    ratio: { type: "number" },
    deep: { type: "boolean" },
    tags: { type: "array", items: { type: "string" } },
    ids: { type: "array", items: { type: "integer" } },
    config: { type: "object", properties: { level: { type: "integer" } } },
    tone: { type: "string", enum: ["formal", "casual"] },
  },
  required: ["topic"],
};

describe("input variables (FunctionParameters)", () => {
  it("fills defaults and converts values to their declared types where nothing is lost", async () => {
    const response = await echo(params).run({
      topic: 42,
      ratio: "0.5",
      deep: "true",
      tags: '["a",2]',
      ids: ["1", 2],
      config: '{"level":"2"}',
      tone: "casual",
      extra: "passed along",
    });
    expect(response.status).toBe("complete");
    expect(response.nodeReferences[0]?.output).toEqual({
      topic: "42",
      count: 3,
      ratio: 0.5,
      deep: true,
      tags: ["a", "2"],
      ids: [1, 2],
      config: { level: 2 },
      tone: "casual",
      extra: "passed along",
    });
  });

  it.each([
    [
      { topic: "t", count: "3.7" },
      'Input "count" of task "echo" must be an integer; received "3.7" (a string).',
    ],
    [
      { topic: "t", deep: "yes" },
      'Input "deep" of task "echo" must be a boolean; received "yes" (a string).',
    ],
    [
      { topic: "t", ratio: "abc" },
      'Input "ratio" of task "echo" must be a number; received "abc" (a string).',
    ],
    [
      { topic: "t", tone: "angry" },
      'Input "tone" of task "echo" must be one of "formal", "casual"; received "angry" (a string).',
    ],
    [
      { topic: "t", config: { level: 1.5 } },
      'Input "config.level" of task "echo" must be an integer; received 1.5 (a number).',
    ],
    [
      { topic: "t", ids: [1, "x"] },
      'Input "ids[1]" of task "echo" must be an integer; received "x" (a string).',
    ],
  ])("refuses a lossy or wrong value before any node runs: %j", async (inputs, message) => {
    const response = await echo(params).run(inputs);
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("INPUT_INVALID");
    expect(response.resultDiagnostic).toBe(message);
    expect(response.nodeReferences).toEqual([]);
  });

  it("names a missing required input and how to pass it", async () => {
    const response = await echo(params).run({ count: 1 });
    expect(response.error).toEqual({
      code: "INPUT_MISSING",
      message:
        'Missing required input "topic" for task "echo" (declared in inputVariables). Pass it to run({ topic: ... }).',
      path: ["echo"],
    });
  });

  it("hands nodes a plain copy: prototype keys dropped, the caller's object untouched", async () => {
    const given = JSON.parse('{"topic":"t","config":{"__proto__":{"polluted":true},"level":1}}');
    const response = await echo(params).run(given);
    const output = response.nodeReferences[0]?.output as { config: Record<string, unknown> };
    expect(output.config).toEqual({ level: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(output.config).not.toBe(given.config);
  });
});

describe("input variables: types are not guessed, constraints and nested defaults apply", () => {
  const strict: AliceTaskOptions["inputVariables"] = {
    type: "object",
    properties: {
      topic: { type: "string", minLength: 2, maxLength: 20 },
      count: { type: "integer", minimum: 1, maximum: 10, default: 3 },
      ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
      code: { type: "string", pattern: "^[A-Z]{3}$" },
      tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 },
      id: { anyOf: [{ type: "integer" }, { type: "string", pattern: "^id-" }] },
      config: {
        type: "object",
        properties: {
          level: { type: "integer" },
          mode: { type: "string", default: "fast" },
          limits: { type: "object", properties: { depth: { type: "integer", default: 2 } } },
        },
        additionalProperties: false,
      },
    },
    required: ["topic"],
  };

  it("fills defaults inside a given object and converts what converts losslessly", async () => {
    const response = await echo(strict).run({
      topic: "cats",
      count: "7",
      ratio: "0.25",
      code: "ABC",
      tags: '["a"]',
      id: "42",
      config: { level: "2", limits: {} },
    });
    expect(response.status).toBe("complete");
    expect(response.nodeReferences[0]?.output).toEqual({
      topic: "cats",
      count: 7,
      ratio: 0.25,
      code: "ABC",
      tags: ["a"],
      id: 42,
      config: { level: 2, mode: "fast", limits: { depth: 2 } },
    });
    const other = await echo(strict).run({ topic: "cats", id: "id-7" });
    expect(other.nodeReferences[0]?.output).toMatchObject({ id: "id-7", count: 3 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "an object for a string",
      { topic: { a: 1 } },
      'Input "topic" of task "echo" must be a string;',
    ],
    [
      "an array for a string",
      { topic: ["a", "b"] },
      'Input "topic" of task "echo" must be a string;',
    ],
    [
      "a string too short",
      { topic: "x" },
      'Input "topic" of task "echo" must be a string of 2 to 20 characters;',
    ],
    [
      "an integer below its minimum",
      { topic: "ok", count: "0" },
      'Input "count" of task "echo" must be an integer at least 1 and at most 10;',
    ],
    [
      "an integer above its maximum",
      { topic: "ok", count: 11 },
      'Input "count" of task "echo" must be an integer at least 1 and at most 10;',
    ],
    [
      "an integer past 2^53",
      { topic: "ok", count: "12345678901234567890" },
      'Input "count" of task "echo" must be an integer;',
    ],
    [
      "a number at an exclusive bound",
      { topic: "ok", ratio: 1 },
      'Input "ratio" of task "echo" must be a number greater than 0 and less than 1;',
    ],
    [
      "a string not matching its pattern",
      { topic: "ok", code: "abc" },
      'Input "code" of task "echo" must be a string matching the pattern "^[A-Z]{3}$";',
    ],
    [
      "an array with too few items",
      { topic: "ok", tags: [] },
      'Input "tags" of task "echo" must be an array of 1 to 2 items;',
    ],
    [
      "a value matching no anyOf option",
      { topic: "ok", id: "seven" },
      'Input "id" of task "echo" must be an integer or a string matching the pattern "^id-";',
    ],
    [
      "a property that additionalProperties: false forbids",
      { topic: "ok", config: { level: 1, colour: "red" } },
      'Input "config.colour" of task "echo" must be absent (allowed: level, mode, limits); received "red" (a string).',
    ],
    [
      "a JSON string nested 100,000 levels deep",
      { topic: "ok", tags: `${"[".repeat(100_000)}${"]".repeat(100_000)}` },
      'Input "tags" of task "echo" must be nested at most 100 levels deep;',
    ],
  ])("refuses %s before any node runs", async (_case, inputs, message) => {
    const response = await echo(strict).run(inputs);
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("INPUT_INVALID");
    expect(response.resultDiagnostic.startsWith(message)).toBe(true);
    expect(response.nodeReferences).toEqual([]);
  });
});

describe("input variables (zod)", () => {
  const schema = z.object({ topic: z.string().min(3), limit: z.number().int().default(5) });

  it("validates with the schema after lossless conversion, defaults included, and types ctx.inputs", async () => {
    class Typed extends AliceTask<z.infer<typeof schema>> {
      execute_echo(ctx: NodeContext<z.infer<typeof schema>>): NodeResult {
        expectTypeOf(ctx.inputs.topic).toEqualTypeOf<string>();
        return { exitCode: 0, output: `${ctx.inputs.topic}:${ctx.inputs.limit}` };
      }
    }
    const task = new Typed({
      taskName: "typed",
      nodeEndCodeRouting: { echo: { 0: [null, false] } },
      inputVariables: schema,
    });
    expect(task.inputVariables.properties.topic).toEqual({ type: "string", minLength: 3 });
    // @ts-expect-error ctx.inputs is typed, so run() wants a number; a string is still converted at run time
    expect((await task.run({ topic: "cats", limit: "7" })).taskOutputs).toBe("cats:7");
    expect((await task.run({ topic: "dogs" })).taskOutputs).toBe("dogs:5");
    const short = await task.run({ topic: "x" });
    expect(short.error?.code).toBe("INPUT_INVALID");
    expect(short.resultDiagnostic).toBe(
      'Input "topic" of task "typed" must be a string of at least 3 characters; received "x" (a string).',
    );
  });
});

describe("node outputs as variables", () => {
  it("a node's output replaces the input it is named after, converted to the declared type", async () => {
    const seen: unknown[] = [];
    class Refine extends AliceTask {
      execute_draft(ctx: NodeContext): NodeResult {
        seen.push(ctx.inputs.draft);
        return { exitCode: 0, output: `${ctx.inputs.draft}!` };
      }
      execute_score(ctx: NodeContext): NodeResult {
        seen.push(ctx.inputs.score);
        return { exitCode: 0, output: "9" };
      }
      execute_show(ctx: NodeContext): NodeResult {
        seen.push(ctx.inputs.draft, ctx.inputs.score);
        return { exitCode: 0 };
      }
    }
    const task = new Refine({
      taskName: "refine",
      nodeEndCodeRouting: {
        draft: { 0: ["score", false] },
        score: { 0: ["show", false] },
        show: { 0: [null, false] },
      },
      inputVariables: {
        type: "object",
        properties: { draft: { type: "string" }, score: { type: "integer", default: 0 } },
      },
    });
    await task.run({ draft: "hello" });
    expect(seen).toEqual(["hello", 0, "hello!", 9]);
  });

  it("an output that cannot become its declared type fails the run naming variable, type and value", async () => {
    class Bad extends AliceTask {
      execute_count(): NodeResult {
        return { exitCode: 0, output: "many" };
      }
    }
    const task = new Bad({
      taskName: "bad",
      nodeEndCodeRouting: { count: { 0: [null, false] } },
      inputVariables: { type: "object", properties: { count: { type: "integer", default: 1 } } },
    });
    const response = await task.run();
    expect(response.error).toMatchObject({ code: "INPUT_INVALID", nodeName: "count" });
    expect(response.resultDiagnostic).toBe(
      'Output of node "count" for variable "count" of task "bad" must be an integer; received "many" (a string).',
    );
  });
});
