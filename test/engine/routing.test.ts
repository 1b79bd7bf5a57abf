import {
  AliceError,
  AliceTask,
  type AliceTaskOptions,
  type NodeResult,
  TaskDefinitionError,
  type TaskEvent,
} from "alice-agents";
import { describe, expect, it } from "vitest";

type Script = Record<string, (attempt: number) => NodeResult | Promise<NodeResult>>;

/** A task whose nodes follow a script: each node's behaviour is a function of its attempt. */
function scripted(
  routing: AliceTaskOptions["nodeEndCodeRouting"],
  script: Script,
  options: Partial<AliceTaskOptions> = {},
) {
  const calls: string[] = [];
  class Scripted extends AliceTask {}
  for (const [node, behave] of Object.entries(script)) {
    Object.defineProperty(Scripted.prototype, `execute_${node}`, {
      value(ctx: { attempt: number }) {
        calls.push(node);
        return behave(ctx.attempt);
      },
    });
  }
  const task = new Scripted({ taskName: "scripted", nodeEndCodeRouting: routing, ...options });
  return { task, calls };
}

function definitionProblems(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error.problems;
    throw error;
  }
  throw new Error("expected a TaskDefinitionError");
}

describe("routing table checks at construction", () => {
  it("lists every problem at once: start node, missing targets, missing methods, bad codes, bad limits", () => {
    const problems = definitionProblems(
      () =>
        scripted(
          {
            draft: { 0: ["sumarize", false], 1: ["draft", true], "1.5": [null, false] } as never,
            review: { 0: [null, "yes"] } as never,
          },
          { draft: () => ({ exitCode: 0 }) },
          { startNode: "begin", maxAttempts: 0, maxNodeExecutions: 1.5 },
        ).task,
    );
    expect(problems).toEqual([
      'Node "draft", exit code 0 routes to "sumarize", which is not a node of this task (nodes: draft, review).',
      'Node "draft": exit code "1.5" is not an integer.',
      'Node "review" has no implementation: add a method execute_review(ctx).',
      'Node "review", exit code 0: the route must be [next node or null, isRetry boolean]; got [null,"yes"].',
      'startNode "begin" is not a node of this task (nodes: draft, review).',
      "maxAttempts must be a whole number ≥ 1; got 0.",
      "maxNodeExecutions must be a whole number ≥ 1; got 1.5.",
    ]);
  });

  it("rejects an empty table and checkpoints that do not fit the table", () => {
    expect(definitionProblems(() => scripted({}, {}).task)[0]).toContain(
      "nodeEndCodeRouting is empty",
    );
    const problems = definitionProblems(
      () =>
        scripted(
          { a: { 0: [null, false] } },
          { a: () => ({ exitCode: 0 }) },
          {
            userCheckpoints: {
              a: {
                userPrompt: "ok?",
                options: { 0: "yes", 1: "no" },
                taskNextObj: { 0: "b", 2: null },
              },
              ghost: { userPrompt: "?", taskNextObj: { 0: null, 1: null } },
            },
          },
        ).task,
    );
    expect(problems).toEqual([
      'userCheckpoints["a"]: option 1 (no) has no entry in taskNextObj.',
      'userCheckpoints["a"]: option 0 continues at "b", which is not a node of this task (nodes: a).',
      'userCheckpoints["a"]: taskNextObj has option 2, which is not in options (0, 1).',
      'userCheckpoints["ghost"] guards "ghost", which is not a node of this task (nodes: a).',
    ]);
  });

  it("is a typed AliceError with a code", () => {
    try {
      scripted({ a: { 0: ["b", false] } }, { a: () => ({ exitCode: 0 }) });
    } catch (error) {
      expect(AliceError.isInstance(error) && error.code).toBe("TASK_DEFINITION_INVALID");
      expect((error as Error).message).toContain('Task "scripted" is not valid');
    }
    expect.assertions(2);
  });
});

describe("routing at run time", () => {
  it("an exit code with no route fails the run with ROUTE_NOT_FOUND, keeping the node", async () => {
    const { task } = scripted(
      { a: { 0: [null, false] } },
      { a: () => ({ exitCode: 7, output: "x" }) },
    );
    const response = await task.run();
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({ code: "ROUTE_NOT_FOUND", nodeName: "a" });
    expect(response.resultDiagnostic).toContain("exit code 7");
    expect(response.nodeReferences.map((n) => n.exitCode)).toEqual([7]);
  });

  it("a node that throws becomes exit code 1 with the error in its references; routing decides", async () => {
    const { task, calls } = scripted(
      { a: { 0: [null, false], 1: ["a", true] } },
      {
        a: (attempt) => {
          if (attempt === 1) throw new TypeError("flaky");
          return { exitCode: 0, output: "fine" };
        },
      },
    );
    const response = await task.run();
    expect(calls).toEqual(["a", "a"]);
    expect(response.status).toBe("complete");
    expect(response.nodeReferences[0]?.references.errors).toEqual([
      { name: "TypeError", message: "flaky" },
    ]);
  });

  it("a node may return a full NodeResponse; the engine fills in its own ids and order", async () => {
    const { task } = scripted(
      { a: { 0: [null, false] } },
      {
        a: () =>
          ({
            parentTaskId: "x",
            nodeName: "wrong",
            executionOrder: 9,
            exitCode: 0,
            output: "kept",
            references: { data: { k: 1 } },
          }) as NodeResult,
      },
    );
    const response = await task.run();
    expect(response.nodeReferences).toEqual([
      {
        parentTaskId: task.id,
        nodeName: "a",
        executionOrder: 0,
        exitCode: 0,
        output: "kept",
        references: { data: { k: 1 } },
      },
    ]);
  });

  it("a node that returns something that is not a node result fails that node with NODE_FAILED", async () => {
    const { task } = scripted(
      { a: { 0: [null, false], 1: [null, false] } },
      { a: () => undefined as unknown as NodeResult },
    );
    const response = await task.run();
    expect(response.nodeReferences[0]?.exitCode).toBe(1);
    expect(response.nodeReferences[0]?.references.errors?.[0]).toMatchObject({
      code: "NODE_FAILED",
    });
    expect(response.status).toBe("failed");
  });
});

describe("fatal node results", () => {
  it("end the run at once with the node's error, recorded in its references, without routing", async () => {
    const { task, calls } = scripted(
      { a: { 0: [null, false], 1: ["a", true] } },
      {
        a: () => ({
          exitCode: 1,
          fatal: { code: "PROVIDER_AUTHENTICATION", message: "The API key was rejected." },
        }),
      },
    );
    const response = await task.run();
    expect(calls).toEqual(["a"]);
    expect(response.status).toBe("failed");
    expect(response.error).toEqual({
      code: "PROVIDER_AUTHENTICATION",
      nodeName: "a",
      message: "The API key was rejected.",
      path: ["scripted"],
    });
    expect(response.nodeReferences[0]?.references.errors).toEqual([
      {
        name: "FatalNodeError",
        code: "PROVIDER_AUTHENTICATION",
        message: "The API key was rejected.",
      },
    ]);
  });
});

describe("retry limits", () => {
  it("maxAttempts: 3 allows exactly two retries into a node, then fails naming the node and the limit", async () => {
    const { task, calls } = scripted(
      { a: { 0: [null, false], 1: ["a", true] } },
      { a: () => ({ exitCode: 1 }) },
      { maxAttempts: 3 },
    );
    const events: TaskEvent[] = [];
    const response = await task.run({}, { onEvent: (e) => events.push(e) });
    expect(calls).toEqual(["a", "a", "a"]);
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("MAX_ATTEMPTS_EXCEEDED");
    expect(response.resultDiagnostic).toContain(
      '"a" already had 3 attempt(s) and maxAttempts is 3',
    );
    expect(
      events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.attempt),
    ).toEqual([2, 3]);
  });

  it("counts retries routed back through a node that succeeded (the seed looped forever here)", async () => {
    // generate succeeds, test fails and routes a retry back to generate: the seed counted only
    // generate's own failures, so this never stopped.
    const { task, calls } = scripted(
      { generate: { 0: ["test", false] }, test: { 0: [null, false], 1: ["generate", true] } },
      { generate: () => ({ exitCode: 0 }), test: () => ({ exitCode: 1 }) },
      { maxAttempts: 3 },
    );
    const response = await task.run();
    expect(calls).toEqual(["generate", "test", "generate", "test", "generate", "test"]);
    expect(response.error).toMatchObject({ code: "MAX_ATTEMPTS_EXCEEDED", nodeName: "generate" });
  });

  it("recursive: false refuses the first retry", async () => {
    const { task, calls } = scripted(
      { a: { 0: [null, false], 1: ["a", true] } },
      { a: () => ({ exitCode: 1 }) },
      { recursive: false },
    );
    const response = await task.run();
    expect(calls).toEqual(["a"]);
    expect(response.resultDiagnostic).toContain("not recursive");
  });

  it("ctx.attempt tells a node which attempt it is on", async () => {
    const seen: number[] = [];
    const { task } = scripted(
      { a: { 0: [null, false], 1: ["a", true] } },
      {
        a: (attempt) => {
          seen.push(attempt);
          return { exitCode: attempt < 3 ? 1 : 0 };
        },
      },
      { maxAttempts: 5 },
    );
    expect((await task.run()).status).toBe("complete");
    expect(seen).toEqual([1, 2, 3]);
  });

  it("non-retry cycles are bounded by maxNodeExecutions, history kept", async () => {
    const { task, calls } = scripted(
      { a: { 0: ["b", false] }, b: { 0: ["a", false] } },
      { a: () => ({ exitCode: 0 }), b: () => ({ exitCode: 0 }) },
      { maxNodeExecutions: 5 },
    );
    const response = await task.run();
    expect(calls).toHaveLength(5);
    expect(response.nodeReferences).toHaveLength(5);
    expect(response.error).toMatchObject({ code: "MAX_NODE_EXECUTIONS", nodeName: "b" });
    expect(response.status).toBe("failed");
  });
});

describe("result code and outputs", () => {
  it("resultCode is the exit code of the node that ended the run; a branch code on the way is not judged", async () => {
    const single = scripted({ a: { 2: [null, false] } }, { a: () => ({ exitCode: 2 }) }).task;
    const ended = await single.run();
    expect([ended.resultCode, ended.status]).toEqual([2, "failed"]);
    const branch = scripted(
      { check: { 0: ["done", false], 2: ["done", false] }, done: { 0: [null, false] } },
      { check: () => ({ exitCode: 2 }), done: () => ({ exitCode: 0 }) },
    ).task;
    const response = await branch.run();
    expect(response.resultCode).toBe(0);
    expect(response.status).toBe("complete");
    expect(response.resultDiagnostic).toBe("Success");
  });

  it("taskOutputs is the last node's output as text, never a dump of the history", async () => {
    const { task } = scripted(
      { a: { 0: ["b", false] }, b: { 0: [null, false] } },
      {
        a: () => ({ exitCode: 0, output: "first" }),
        b: () => ({ exitCode: 0, output: { total: 3 } }),
      },
    );
    expect((await task.run()).taskOutputs).toBe('{\n  "total": 3\n}');
  });

  it("renders output_template over inputs and node outputs, unescaped", async () => {
    const { task } = scripted(
      { a: { 0: ["b", false] }, b: { 0: [null, false] } },
      {
        a: () => ({ exitCode: 0, output: "<b>bold</b> & co" }),
        b: () => ({ exitCode: 0, output: 42 }),
      },
      {
        inputVariables: { type: "object", properties: { topic: { type: "string" } } },
        templates: { output_template: "{{topic}}: {{a}} / {{b}}" },
      },
    );
    expect((await task.run({ topic: "T" })).taskOutputs).toBe("T: <b>bold</b> & co / 42");
  });
});
