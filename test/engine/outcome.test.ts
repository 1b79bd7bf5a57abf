import {
  AliceError,
  AliceTask,
  type AliceTaskOptions,
  type NodeContext,
  type NodeResponse,
  type NodeResult,
  rootCause,
  seedResultCode,
  TaskDefinitionError,
  type TaskResponse,
  Workflow,
} from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";

/** A task whose nodes are the given functions, by name. */
function tasked(
  taskName: string,
  nodes: Record<string, (ctx: NodeContext) => NodeResult>,
  options: Partial<AliceTaskOptions> & Pick<AliceTaskOptions, "nodeEndCodeRouting">,
): AliceTask {
  class Nodes extends AliceTask {}
  for (const [node, body] of Object.entries(nodes)) {
    Object.defineProperty(Nodes.prototype, `execute_${node}`, { value: body });
  }
  return new Nodes({ taskName, ...options });
}

/** A one-node task that exits with `exitCode`, ending its run for every code. */
const exiting = (taskName: string, exitCode: number, extra: Partial<NodeResult> = {}) =>
  tasked(
    taskName,
    { run: () => ({ exitCode, ...extra }) },
    { nodeEndCodeRouting: { run: { 0: [null, false], 1: [null, false], 2: [null, false] } } },
  );

const history = (response: TaskResponse) =>
  response.nodeReferences.map((n) => `${n.nodeName}:${n.exitCode}`);

describe("a run ends complete only when the node that ended it gave a success code", () => {
  it("a Workflow Ok → Bad where Bad exits 1 and routes [null, false] is failed with Bad's error", async () => {
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Ok: exiting("ok", 0), Bad: exiting("bad", 1) },
      nodeEndCodeRouting: {
        Ok: { 0: ["Bad", false], 1: [null, false] },
        Bad: { 0: [null, false], 1: [null, false] },
      },
    });
    const response = await workflow.run();
    expect(history(response)).toEqual(["Ok:0", "Bad:1"]);
    expect(response.status).toBe("failed");
    expect(response.resultCode).toBe(1);
    expect(response.resultDiagnostic).toBe("Failed");
    // The sub-task's own error, with the path of task names down to where it arose.
    const bad = response.nodeReferences[1]?.references.taskResponses?.[0];
    expect(bad?.status).toBe("failed");
    expect(response.error).toEqual({ ...bad?.error, path: ["wf", "bad"] });
    expect(response.error).toMatchObject({ code: "NODE_FAILED", nodeName: "run" });
    expect(response.error?.message).toContain('Node "run" of task "bad" ended with exit code 1');
  });

  it("the same ending in a plain task: resultCode is the exit code, the diagnostic its exitCodes text", async () => {
    const task = tasked(
      "t",
      { a: () => ({ exitCode: 0 }), b: () => ({ exitCode: 3 }) },
      {
        nodeEndCodeRouting: { a: { 0: ["b", false] }, b: { 0: [null, false], 3: [null, false] } },
        exitCodes: { 0: "Success", 3: "Out of stock" },
      },
    );
    const response = await task.run();
    expect([response.status, response.resultCode, response.resultDiagnostic]).toEqual([
      "failed",
      3,
      "Out of stock",
    ]);
    expect(response.error).toMatchObject({ code: "NODE_FAILED", nodeName: "b", path: ["t"] });
    expect(response.error?.message).toContain("exit code 3 (Out of stock)");
  });

  it("successCodes lets a branch code end the run complete", async () => {
    const branch = tasked(
      "check",
      { decide: () => ({ exitCode: 2, output: "REJECTED" }) },
      {
        nodeEndCodeRouting: { decide: { 0: [null, false], 2: [null, false] } },
        exitCodes: { 0: "APPROVED", 2: "REJECTED" },
        successCodes: [0, 2],
      },
    );
    const response = await branch.run();
    expect([response.status, response.resultCode, response.resultDiagnostic]).toEqual([
      "complete",
      2,
      "REJECTED",
    ]);
    expect(response.error).toBeUndefined();
  });

  it("a code that routes on is not judged: only the ending node counts", async () => {
    const task = tasked(
      "t",
      { check: () => ({ exitCode: 2 }), done: () => ({ exitCode: 0, output: "ok" }) },
      {
        nodeEndCodeRouting: {
          check: { 0: ["done", false], 2: ["done", false] },
          done: { 0: [null, false] },
        },
      },
    );
    const response = await task.run();
    expect([response.status, response.resultCode, response.resultDiagnostic]).toEqual([
      "complete",
      0,
      "Success",
    ]);
  });

  it("the seed's rule stays available as an override (and reports Ok → Bad as a success)", async () => {
    class SeedRule extends Workflow {
      override mapFinalExitCode(h: readonly NodeResponse[]): number {
        return seedResultCode(this, h);
      }
    }
    const workflow = new SeedRule({
      taskName: "wf",
      tasks: { Ok: exiting("ok", 0), Bad: exiting("bad", 1) },
      nodeEndCodeRouting: {
        Ok: { 0: ["Bad", false], 1: [null, false] },
        Bad: { 0: [null, false], 1: [null, false] },
      },
    });
    const response = await workflow.run();
    expect([response.status, response.resultCode]).toEqual(["complete", 0]);

    // All last codes equal → that code; a retry code among differing ones → 1.
    const single = tasked(
      "one",
      { a: () => ({ exitCode: 2 }) },
      { nodeEndCodeRouting: { a: { 2: [null, false] } } },
    );
    expect(seedResultCode(single, [{ ...node("a", 2) }])).toBe(2);
    const retried = tasked(
      "two",
      { a: () => ({ exitCode: 1 }), b: () => ({ exitCode: 0 }) },
      { nodeEndCodeRouting: { a: { 0: ["b", false], 1: ["a", true] }, b: { 0: [null, false] } } },
    );
    expect(seedResultCode(retried, [node("a", 1), node("b", 0)])).toBe(1);
    expect(seedResultCode(retried, [node("a", 0), node("b", 0)])).toBe(0);
  });

  it("a thrown error is the root cause: its code when it has one, else NODE_FAILED with its message", async () => {
    const coded = tasked(
      "t",
      {
        a: () => {
          throw new AliceError("PROVIDER_CONNECTION", "Could not connect to the model.");
        },
      },
      { nodeEndCodeRouting: { a: { 0: [null, false], 1: [null, false] } } },
    );
    expect((await coded.run()).error).toEqual({
      code: "PROVIDER_CONNECTION",
      message: "Could not connect to the model.",
      nodeName: "a",
      path: ["t"],
    });
    const plain = tasked(
      "t",
      {
        a: () => {
          throw new RangeError("index 9 is out of range");
        },
      },
      { nodeEndCodeRouting: { a: { 0: [null, false], 1: [null, false] } } },
    );
    const response = await plain.run();
    expect(response.error?.code).toBe("NODE_FAILED");
    expect(response.error?.message).toContain("RangeError: index 9 is out of range");
  });

  it("a failed sub-task whose code has no route keeps its error as the cause of ROUTE_NOT_FOUND", async () => {
    const bad = tasked(
      "bad",
      {
        run: () => {
          throw new AliceError("PROVIDER_MISSING_API_KEY", "No API key for openai.");
        },
      },
      { nodeEndCodeRouting: { run: { 0: [null, false], 1: [null, false] } } },
    );
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Bad: bad },
      nodeEndCodeRouting: { Bad: { 0: [null, false] } },
    });
    const response = await workflow.run();
    expect(response.error).toMatchObject({
      code: "ROUTE_NOT_FOUND",
      nodeName: "Bad",
      cause: { code: "PROVIDER_MISSING_API_KEY", nodeName: "run", path: ["wf", "bad"] },
    });
    expect(rootCause(response.error!).code).toBe("PROVIDER_MISSING_API_KEY");
  });

  it("a Workflow ending on a sub-task's code without its own text shows the sub-task's diagnostic", async () => {
    const check = tasked(
      "check",
      { decide: () => ({ exitCode: 2 }) },
      {
        nodeEndCodeRouting: { decide: { 0: [null, false], 2: [null, false] } },
        exitCodes: { 0: "APPROVED", 2: "REJECTED" },
      },
    );
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Check: check },
      nodeEndCodeRouting: { Check: { 0: [null, false], 2: [null, false] } },
    });
    const response = await workflow.run();
    expect([response.status, response.resultCode, response.resultDiagnostic]).toEqual([
      "failed",
      2,
      "REJECTED",
    ]);
  });

  it("an invalid pattern in inputVariables is a definition error, not every caller's bad input", () => {
    expect(() =>
      tasked(
        "t",
        { a: () => ({ exitCode: 0 }) },
        {
          nodeEndCodeRouting: { a: { 0: [null, false] } },
          inputVariables: {
            type: "object",
            properties: { code: { type: "string", pattern: "([a-z]" } },
          },
        },
      ),
    ).toThrow(/inputVariables\.code: pattern "\(\[a-z\]" is not a valid regular expression/);
  });

  it("a zod inputVariables that is not an object of named inputs is listed as a definition problem", () => {
    expect(() =>
      tasked(
        "t",
        { a: () => ({ exitCode: 0 }) },
        { nodeEndCodeRouting: { a: { 0: [null, false] } }, inputVariables: z.string() as never },
      ),
    ).toThrow(/inputVariables: Parameters must be a zod object schema/);
  });

  it("rejects successCodes that are not a non-empty list of integers", () => {
    for (const successCodes of [[], [0.5], ["0"]] as unknown as number[][]) {
      expect(() =>
        tasked(
          "t",
          { a: () => ({ exitCode: 0 }) },
          { nodeEndCodeRouting: { a: { 0: [null, false] } }, successCodes },
        ),
      ).toThrow(TaskDefinitionError);
    }
  });
});

describe("MAX_ATTEMPTS_EXCEEDED keeps the last attempt's reason as its cause", () => {
  it("in a task: the code says how the run ended, the cause why", async () => {
    let attempt = 0;
    const task = tasked(
      "fetcher",
      {
        fetch: () => {
          attempt++;
          throw new AliceError("PROVIDER_SERVER", `Upstream failed (attempt ${attempt}).`);
        },
      },
      { nodeEndCodeRouting: { fetch: { 0: [null, false], 1: ["fetch", true] } }, maxAttempts: 2 },
    );
    const response = await task.run();
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({
      code: "MAX_ATTEMPTS_EXCEEDED",
      nodeName: "fetch",
      path: ["fetcher"],
      cause: {
        code: "PROVIDER_SERVER",
        message: "Upstream failed (attempt 2).",
        nodeName: "fetch",
      },
    });
    expect(response.error?.message).toContain("Last attempt: PROVIDER_SERVER: Upstream failed");
    expect(rootCause(response.error!).code).toBe("PROVIDER_SERVER");
  });

  it("in a Workflow whose retried sub-task keeps failing: the cause is the sub-task's error, with its path", async () => {
    const flaky = tasked(
      "flaky",
      {
        run: () => ({
          exitCode: 1,
          references: { errors: [{ name: "E", code: "TOOL_TIMEOUT", message: "Too slow." }] },
        }),
      },
      { nodeEndCodeRouting: { run: { 0: [null, false], 1: [null, false] } } },
    );
    const workflow = new Workflow({
      taskName: "wf",
      recursive: true,
      maxAttempts: 2,
      tasks: { Flaky: flaky },
      nodeEndCodeRouting: { Flaky: { 0: [null, false], 1: ["Flaky", true] } },
    });
    const response = await workflow.run();
    expect(history(response)).toEqual(["Flaky:1", "Flaky:1"]);
    expect(response.error).toMatchObject({
      code: "MAX_ATTEMPTS_EXCEEDED",
      path: ["wf"],
      cause: { code: "TOOL_TIMEOUT", message: "Too slow.", nodeName: "run", path: ["wf", "flaky"] },
    });
    expect(rootCause(response.error!)).toMatchObject({ code: "TOOL_TIMEOUT" });
  });

  it("survives a JSON round trip and a resume's validation (path and cause are part of the schema)", async () => {
    const { taskResponseSchema } = await import("alice-agents");
    const task = tasked(
      "t",
      { a: () => ({ exitCode: 1 }) },
      { nodeEndCodeRouting: { a: { 0: [null, false], 1: ["a", true] } }, maxAttempts: 1 },
    );
    const response = JSON.parse(JSON.stringify(await task.run()));
    const parsed = taskResponseSchema.safeParse(response);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.error?.cause?.code).toBe("NODE_FAILED");
  });
});

function node(nodeName: string, exitCode: number): NodeResponse {
  return { parentTaskId: "x", nodeName, executionOrder: 0, exitCode, references: {} };
}
