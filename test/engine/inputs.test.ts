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
    expect(short.resultDiagnostic).toMatch(/^Input "topic" of task "typed" is invalid: .*3/);
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
