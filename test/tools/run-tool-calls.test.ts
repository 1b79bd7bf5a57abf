import { AliceError, defineTool, type Tool } from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runToolCalls, type ToolEntry } from "../../src/tools/run-tool-calls.ts";
import { toolResultText } from "../../src/tools/tool-result-text.ts";

/** How the agent registers a function tool with the runner. */
function entry(tool: Tool<unknown>): ToolEntry {
  return {
    name: tool.name,
    schema: tool.schema,
    timeoutMs: tool.timeoutMs,
    async invoke(args, context) {
      const result = toolResultText(await tool.execute(args, context), 100_000);
      return result.success
        ? { content: result.text }
        : { content: result.message, isError: true, code: "TOOL_OUTPUT_INVALID" };
    },
  };
}

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

const registry = (...tools: Tool<unknown>[]) => new Map(tools.map((t) => [t.name, entry(t)]));
const options = { signal: new AbortController().signal, maxConcurrency: 4, timeoutMs: 1_000 };
const call = (name: string, args: string, id = `call_${name}`) => ({ id, name, arguments: args });

describe("defineTool", () => {
  it("derives the JSON Schema from zod or takes FunctionParameters as they are", () => {
    expect(add.parameters).toEqual({
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    });
    const legacy = defineTool({
      name: "search",
      description: "Searches.",
      input: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
      execute: (args) => String(args.query),
    });
    expect(legacy.schema.safeParse({ query: 1 }).success).toBe(false);
  });

  it("refuses names providers reject, at definition time", () => {
    const bad = () =>
      defineTool({ name: "get weather", description: "", input: z.object({}), execute: () => "" });
    expect(bad).toThrow(/name "get weather" must match/);
    try {
      bad();
    } catch (error) {
      expect(AliceError.isInstance(error) && error.code).toBe("TOOL_DEFINITION_INVALID");
    }
  });
});

describe("runToolCalls", () => {
  it("runs calls and keeps each result tied to its call id, in call order", async () => {
    const slow = defineTool({
      name: "slow",
      description: "",
      input: z.object({ ms: z.number() }),
      execute: async ({ ms }) => {
        await new Promise((r) => setTimeout(r, ms));
        return `slept ${ms}`;
      },
    });
    const out = await runToolCalls(
      [
        call("slow", '{"ms":30}', "c1"),
        call("add", '{"a":2,"b":3}', "c2"),
        call("slow", '{"ms":1}', "c3"),
      ],
      registry(slow, add),
      options,
    );
    expect(out.map((o) => [o.message.toolCallId, o.message.content])).toEqual([
      ["c1", "slept 30"],
      ["c2", "5"],
      ["c3", "slept 1"],
    ]);
  });

  it("never runs more tools at once than maxConcurrency", async () => {
    let running = 0;
    let peak = 0;
    const busy = defineTool({
      name: "busy",
      description: "",
      input: z.object({}),
      execute: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        return "ok";
      },
    });
    const calls = Array.from({ length: 12 }, (_, i) => call("busy", "{}", `c${i}`));
    const out = await runToolCalls(calls, registry(busy), { ...options, maxConcurrency: 3 });
    expect(out).toHaveLength(12);
    expect(peak).toBe(3);
  });

  it.each([
    [
      "an unknown tool",
      call("get_wether", "{}"),
      "TOOL_NOT_FOUND",
      'Unknown tool "get_wether". Available tools: add.',
    ],
    [
      "a prototype name",
      call("constructor", "{}"),
      "TOOL_NOT_FOUND",
      'Unknown tool "constructor". Available tools: add.',
    ],
    [
      "arguments that are not JSON",
      call("add", '{"a": 2'),
      "TOOL_ARGUMENTS_NOT_JSON",
      'The arguments of tool "add" are not a JSON object (',
    ],
    [
      "JSON that is not an object",
      call("add", "[1,2]"),
      "TOOL_ARGUMENTS_NOT_JSON",
      "(got an array)",
    ],
    [
      "arguments that fail the schema",
      call("add", '{"a":"2"}'),
      "TOOL_INPUT_INVALID",
      "do not match its schema: a: Invalid input: expected number, received string; b: Invalid input: expected number, received undefined.",
    ],
  ])("turns %s into an error result the model can read", async (_case, toolCall, code, text) => {
    const [outcome] = await runToolCalls([toolCall], registry(add), options);
    expect(outcome?.message.isError).toBe(true);
    expect(outcome?.error?.code).toBe(code);
    expect(outcome?.message.content).toContain(text);
  });

  it("answers arguments nested past 100 levels with an error result, without running the tool", async () => {
    let runs = 0;
    const echo = defineTool({
      name: "echo",
      description: "",
      input: z.object({ a: z.unknown() }),
      execute: () => {
        runs++;
        return "ok";
      },
    });
    const levels = (n: number, leaf: string) =>
      `{"a":${"[".repeat(n - 1)}${leaf}${"]".repeat(n - 1)}}`;
    const [escaped, plain, justPast, atLimit] = await runToolCalls(
      [
        call("echo", levels(100_000, '"\\u0041"'), "deep_escaped"),
        call("echo", levels(100_000, "1"), "deep_plain"),
        call("echo", levels(101, "1"), "just_past"),
        call("echo", levels(100, '"\\u0041"'), "at_limit"),
      ],
      registry(echo),
      options,
    );
    for (const outcome of [escaped, plain, justPast]) {
      expect(outcome?.error).toEqual({
        code: "TOOL_INPUT_INVALID",
        message:
          'The arguments of tool "echo" nest arrays and objects more than 100 levels deep. Call it again with arguments that match its schema.',
      });
    }
    expect(atLimit?.message.content).toBe("ok");
    expect(runs).toBe(1);
  });

  it("fills defaults the FunctionParameters declare, and reports broken constraints to the model", async () => {
    const seen: unknown[] = [];
    const search = defineTool({
      name: "search",
      description: "",
      input: {
        type: "object",
        properties: {
          query: { type: "string", minLength: 1 },
          max_results: { type: "integer", default: 4, minimum: 1, maximum: 10 },
          filter: {
            type: "object",
            properties: { lang: { type: "string", default: "en" } },
            additionalProperties: false,
          },
        },
        required: ["query"],
      },
      execute: (args) => {
        seen.push(args);
        return "found";
      },
    });
    const [ok, tooMany, stray] = await runToolCalls(
      [
        call("search", '{"query":"cats","filter":{}}', "ok"),
        call("search", '{"query":"cats","max_results":50}', "too_many"),
        call("search", '{"query":"cats","filter":{"region":"eu"}}', "stray"),
      ],
      registry(search),
      options,
    );
    expect(ok?.message.content).toBe("found");
    expect(seen).toEqual([{ query: "cats", max_results: 4, filter: { lang: "en" } }]);
    expect(tooMany?.error?.code).toBe("TOOL_INPUT_INVALID");
    expect(tooMany?.message.content).toBe(
      'The arguments of tool "search" do not match its schema: max_results: must be an integer at least 1 and at most 10; received 50 (a number). Call it again with corrected arguments.',
    );
    expect(stray?.message.content).toContain(
      'filter.region: must be absent (allowed: lang); received "eu" (a string)',
    );
  });

  it("reports a value the tool returned that cannot be sent as TOOL_OUTPUT_INVALID", async () => {
    const loop = defineTool({
      name: "loop",
      description: "",
      input: z.object({}),
      execute: () => {
        const node: Record<string, unknown> = {};
        node.next = node;
        return node;
      },
    });
    const [outcome] = await runToolCalls([call("loop", "{}")], registry(loop), options);
    expect(outcome?.message.isError).toBe(true);
    expect(outcome?.error).toEqual({
      code: "TOOL_OUTPUT_INVALID",
      message:
        'a circular reference at "next" (an object that contains itself; return plain data: strings, numbers, booleans, null, arrays and objects)',
    });
  });

  it("treats empty arguments as {} for a tool without parameters", async () => {
    const now = defineTool({
      name: "now",
      description: "",
      input: z.object({}),
      execute: () => "noon",
    });
    const [outcome] = await runToolCalls([call("now", "")], registry(now), options);
    expect(outcome?.message).toEqual({
      role: "tool",
      toolCallId: "call_now",
      toolName: "now",
      content: "noon",
    });
  });

  it("reports a tool that throws, with secrets redacted and no stack trace", async () => {
    const db = defineTool({
      name: "db",
      description: "",
      input: z.object({}),
      execute: () => {
        throw new Error("connect failed postgres://app:SENTINEL_DB_PW@db:5432");
      },
    });
    const [outcome] = await runToolCalls([call("db", "{}")], registry(db), options);
    expect(outcome?.message.content).toBe(
      'Tool "db" failed: connect failed postgres://app:[redacted]@db:5432',
    );
    expect(outcome?.error?.code).toBe("TOOL_EXECUTION_FAILED");
  });

  it("stops waiting for a tool that ignores its time limit", async () => {
    const hang = defineTool({
      name: "hang",
      description: "",
      input: z.object({}),
      timeoutMs: 20,
      execute: () => new Promise(() => {}),
    });
    const started = Date.now();
    const [outcome] = await runToolCalls([call("hang", "{}")], registry(hang), options);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(outcome?.error).toEqual({
      code: "TOOL_TIMEOUT",
      message: 'Tool "hang" did not finish within 20 ms.',
    });
  });

  it("passes one signal to the tool that fires on the run's abort and on the time limit", async () => {
    const seen: string[] = [];
    const waits = defineTool({
      name: "waits",
      description: "",
      input: z.object({}),
      timeoutMs: 30,
      execute: (_args, { signal }) =>
        new Promise((resolve) => {
          signal.addEventListener("abort", () => {
            seen.push(
              signal.reason instanceof Error ? signal.reason.message : String(signal.reason),
            );
            resolve("late");
          });
        }),
    });
    const [timedOut] = await runToolCalls([call("waits", "{}")], registry(waits), options);
    expect(timedOut?.error?.code).toBe("TOOL_TIMEOUT");
    const run = new AbortController();
    const pending = runToolCalls([call("waits", "{}")], registry(waits), {
      ...options,
      signal: run.signal,
    });
    run.abort("user stopped");
    const [aborted] = await pending;
    expect(aborted?.message.content).toBe('Tool "waits" was aborted.');
    expect(seen).toEqual(['Tool "waits" did not finish within 30 ms.', "user stopped"]);
  });

  it("does not start a tool once the run is aborted; a synchronous answer counts even past the limit", async () => {
    let calls = 0;
    const count = defineTool({
      name: "count",
      description: "",
      input: z.object({}),
      timeoutMs: 1,
      execute: () => {
        calls++;
        for (const end = Date.now() + 5; Date.now() < end; );
        return "counted";
      },
    });
    const run = new AbortController();
    run.abort("stopped");
    const [skipped] = await runToolCalls([call("count", "{}")], registry(count), {
      ...options,
      signal: run.signal,
    });
    expect(skipped?.message.content).toBe('Tool "count" was aborted.');
    expect(calls).toBe(0);
    // Busy for 5 ms against a 1 ms limit: a synchronous answer is already there, so it counts.
    const [done] = await runToolCalls([call("count", "{}")], registry(count), options);
    expect(done?.message.content).toBe("counted");
    expect(calls).toBe(1);
  });

  it("a tool that looks at its signal only after the time limit sees it aborted", async () => {
    let sawAborted: boolean | undefined;
    const slow = defineTool({
      name: "slow",
      description: "",
      input: z.object({}),
      timeoutMs: 10,
      execute: async (_args, context) => {
        await new Promise((resolve) => setTimeout(resolve, 40));
        sawAborted = context.signal.aborted;
        return "late";
      },
    });
    const [outcome] = await runToolCalls([call("slow", "{}")], registry(slow), options);
    expect(outcome?.error?.code).toBe("TOOL_TIMEOUT");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sawAborted).toBe(true);
  });

  it("strips prototype keys from arguments before the tool sees them", async () => {
    let seen: unknown;
    const echo = defineTool({
      name: "echo",
      description: "",
      input: z.looseObject({}),
      execute: (args) => {
        seen = args;
        return "ok";
      },
    });
    await runToolCalls(
      [call("echo", '{"__proto__":{"isAdmin":true},"x":1}')],
      registry(echo),
      options,
    );
    expect(seen).toEqual({ x: 1 });
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it("strips prototype keys in values the schema passes through, also spelt with escapes", async () => {
    const seen: Record<string, unknown>[] = [];
    const echo = defineTool({
      name: "echo",
      description: "",
      input: z.object({ inner: z.unknown() }),
      execute: (args) => {
        seen.push(args);
        return "ok";
      },
    });
    await runToolCalls(
      [
        call("echo", '{"inner":{"__proto__":{"isAdmin":true},"y":2}}'),
        call("echo", '{"inner":{"\\u005f_proto__":{"isAdmin":true},"y":2}}'),
      ],
      registry(echo),
      options,
    );
    for (const args of seen) {
      expect(args).toEqual({ inner: { y: 2 } });
      expect(Object.hasOwn(args.inner as object, "__proto__")).toBe(false);
      expect(Object.assign({}, args.inner)).not.toHaveProperty("isAdmin");
    }
  });
});

describe("toolResultText", () => {
  it("serialises odd return values deterministically, and refuses circular ones", () => {
    expect(toolResultText({ m: new Map([["k", 1]]), s: new Set([1]) }, 1000)).toEqual({
      success: true,
      text: '{"m":{"k":1},"s":[1]}',
    });
    expect(toolResultText(undefined, 1000)).toEqual({ success: true, text: "" });
    for (const scalar of [5, -0, 2.5e-7, 1e21, Number.NaN, Number.POSITIVE_INFINITY, true, false])
      expect(toolResultText(scalar, 1000)).toEqual({ success: true, text: JSON.stringify(scalar) });
    expect(toolResultText("bad \ud800 surrogate", 1000)).toEqual({
      success: true,
      text: "bad \ufffd surrogate",
    });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(toolResultText(circular, 1000).success).toBe(false);
    expect(toolResultText("x".repeat(20), 10)).toEqual({
      success: true,
      text: "xxxxxxxxxx\n[tool output cut at 10 of 20 characters]",
    });
  });
});
