// The run loop's decisions, each a plain function tested on its own over a plain RunnableTask
// (the narrow interface the engine runs, built here without the AliceTask class).
import { describe, expect, it } from "vitest";
import { completeNode } from "../../src/engine/complete-node.ts";
import { compileDefinition } from "../../src/engine/definition.ts";
import { gateCheckpoint } from "../../src/engine/gate-checkpoint.ts";
import { compileInputs } from "../../src/engine/inputs.ts";
import { nodeLimitReached, routeExitCode } from "../../src/engine/route-exit-code.ts";
import { RunState } from "../../src/engine/run-state.ts";
import type { RunnableTask } from "../../src/engine/runnable-task.ts";
import { settleCancelledChild, settlePausedChild } from "../../src/engine/settle-child.ts";
import type {
  NodeResponse,
  TaskResponse,
  TasksEndCodeRouting,
  UserCheckpoint,
} from "../../src/engine/types.ts";
import { AliceError } from "../../src/errors/alice-error.ts";

function runnable(
  nodeEndCodeRouting: TasksEndCodeRouting,
  options: Partial<Pick<RunnableTask, "maxAttempts" | "recursive" | "maxNodeExecutions">> & {
    userCheckpoints?: Record<string, UserCheckpoint>;
  } = {},
): RunnableTask {
  const { maxAttempts = 3, recursive = true, maxNodeExecutions = 100 } = options;
  const userCheckpoints = options.userCheckpoints ?? {};
  const definition = compileDefinition({
    taskName: "t",
    startNode: undefined,
    nodeEndCodeRouting,
    userCheckpoints,
    maxAttempts,
    maxNodeExecutions,
    checkNode: () => undefined,
  });
  return {
    id: "task-1",
    taskName: "t",
    taskDescription: "",
    definition,
    inputSpec: compileInputs(undefined),
    userCheckpoints,
    recursive,
    maxAttempts,
    maxNodeExecutions,
    exitCodes: { 0: "Success", 1: "Failed" },
    successCodes: [0],
    stateSchema: undefined,
    initialState: {},
    outputTemplate: undefined,
    executeNode: () => ({ exitCode: 0 }),
    setup: () => {},
    cleanup: () => {},
    mapFinalExitCode: (history) => history.at(-1)?.exitCode ?? 0,
    structuredOutput: () => undefined,
    subtaskForNode: () => undefined,
  };
}

const freshRun = () =>
  new RunState({ runId: "run-1", parentRunId: undefined, taskInputs: {}, state: {} });

const node = (nodeName: string, exitCode: number, extra: Partial<NodeResponse> = {}) => ({
  parentTaskId: "task-1",
  nodeName,
  executionOrder: 0,
  exitCode,
  references: {},
  ...extra,
});

describe("routeExitCode", () => {
  const task = runnable(
    { a: { 0: ["b", false], 1: ["a", true], 2: [null, false] }, b: { 0: [null, false] } },
    { maxAttempts: 2 },
  );

  it("goes on along the route, and ends on a null route", () => {
    expect(routeExitCode(task, freshRun(), node("a", 0), undefined)).toEqual({
      kind: "next",
      next: "b",
    });
    expect(routeExitCode(task, freshRun(), node("a", 2), undefined)).toEqual({
      kind: "next",
      next: null,
    });
  });

  it("counts a retry and refuses the one past maxAttempts, keeping the cause", () => {
    const run = freshRun();
    expect(routeExitCode(task, run, node("a", 1), undefined)).toEqual({
      kind: "next",
      next: "a",
      retry: { attempt: 2, maxAttempts: 2 },
    });
    expect(run.attemptsOf("a")).toBe(2);
    const refused = routeExitCode(task, run, node("a", 1), undefined);
    expect(refused).toMatchObject({
      kind: "stop",
      outcome: { kind: "fail", error: { code: "MAX_ATTEMPTS_EXCEEDED", nodeName: "a" } },
    });
  });

  it("refuses every retry of a task that is not recursive", () => {
    const strict = runnable({ a: { 1: ["a", true] } }, { recursive: false });
    const routed = routeExitCode(strict, freshRun(), node("a", 1), undefined);
    expect(routed).toMatchObject({
      kind: "stop",
      outcome: { error: { code: "MAX_ATTEMPTS_EXCEEDED" } },
    });
  });

  it("an unlisted code is ROUTE_NOT_FOUND, with why a failing node failed as the cause", () => {
    const failing = node("b", 1, {
      references: { errors: [{ name: "E", code: "TOOL_TIMEOUT", message: "Too slow." }] },
    });
    expect(routeExitCode(task, freshRun(), failing, undefined)).toMatchObject({
      kind: "stop",
      outcome: {
        error: { code: "ROUTE_NOT_FOUND", nodeName: "b", cause: { code: "TOOL_TIMEOUT" } },
      },
    });
  });

  it("a fatal result stops the run with its error, whatever the route", () => {
    const fatal = { code: "PROVIDER_AUTHENTICATION" as const, message: "Bad key." };
    expect(routeExitCode(task, freshRun(), node("a", 0), fatal)).toEqual({
      kind: "stop",
      outcome: {
        kind: "fail",
        error: { code: "PROVIDER_AUTHENTICATION", message: "Bad key.", nodeName: "a" },
      },
    });
  });
});

describe("nodeLimitReached", () => {
  it("stops the run once maxNodeExecutions nodes ran", () => {
    const task = runnable({ a: { 0: ["a", false] } }, { maxNodeExecutions: 2 });
    const run = freshRun();
    expect(nodeLimitReached(task, run, "a")).toBeUndefined();
    run.record(node("a", 0));
    run.record(node("a", 0));
    expect(nodeLimitReached(task, run, "a")).toMatchObject({
      error: { code: "MAX_NODE_EXECUTIONS", nodeName: "a" },
    });
  });
});

describe("gateCheckpoint", () => {
  const task = runnable(
    { draft: { 0: ["publish", false] }, publish: { 0: [null, false] } },
    {
      userCheckpoints: {
        publish: { userPrompt: "Publish?", taskNextObj: { 0: "publish", 1: null } },
      },
    },
  );

  it("asks before a guarded node, recording the question", () => {
    const run = freshRun();
    expect(gateCheckpoint(task, run, "draft", undefined)).toBeUndefined();
    const asked = gateCheckpoint(task, run, "publish", undefined);
    expect(asked).toEqual({
      taskName: "t",
      nodeName: "publish",
      userPrompt: "Publish?",
      options: { 0: "approve", 1: "reject" },
      requestFeedback: false,
      executionOrder: 0,
    });
    expect(run.interactions).toEqual([asked]);
  });

  it("lets the node run once right after its checkpoint was answered", () => {
    expect(gateCheckpoint(task, freshRun(), "publish", "publish")).toBeUndefined();
  });
});

describe("settlePausedChild and settleCancelledChild", () => {
  const child = (status: TaskResponse["status"], extra: Partial<TaskResponse> = {}) =>
    ({ taskName: "child", status, ...extra }) as TaskResponse;

  it("a paused child pauses the parent with the innermost question and a longer path", () => {
    const interaction = {
      taskName: "child",
      nodeName: "x",
      userPrompt: "Go?",
      options: {},
      requestFeedback: false,
      executionOrder: 0,
    };
    const paused = child("pending", { pending: { nodeName: "x", interaction, path: ["child"] } });
    expect(settlePausedChild("parent", "Step", { pending: paused }, undefined)).toEqual({
      kind: "pending",
      pending: { nodeName: "Step", interaction, path: ["parent", "child"], child: paused },
    });
  });

  it("a paused child the node did not resume is RESUME_INVALID", () => {
    const resumeChild = { response: child("pending"), answer: { selectedOption: 0 }, used: false };
    expect(settlePausedChild("parent", "Step", {}, resumeChild)).toMatchObject({
      error: { code: "RESUME_INVALID", nodeName: "Step" },
    });
  });

  it("a cancelled child cancels the parent with its error and the path down to it", () => {
    const error = { code: "ABORTED" as const, message: "Stopped.", nodeName: "x" };
    expect(
      settleCancelledChild("parent", "Step", { cancelled: child("cancelled", { error }) }),
    ).toEqual({ kind: "cancel", error: { ...error, path: ["parent", "child"] } });
    expect(settleCancelledChild("parent", "Step", {})).toBeUndefined();
  });
});

describe("completeNode (the nodeCompleted seam)", () => {
  const completed = {
    taskName: "t",
    runId: "run-1",
    parentRunId: undefined,
    node: node("a", 0),
    next: "b",
    history: [],
    state: {},
  };

  it("goes on without a seam, or when the seam says nothing (synchronously when it is)", () => {
    expect(completeNode({}, completed)).toBeUndefined();
    expect(completeNode({ nodeCompleted: () => undefined }, completed)).toBeUndefined();
  });

  it("a handoff stops the run cancelled, naming where it continues; ignored on the last node", async () => {
    expect(
      completeNode({ nodeCompleted: async () => "handoff" as const }, completed),
    ).toBeInstanceOf(Promise);
    expect(
      await completeNode({ nodeCompleted: async () => "handoff" as const }, completed),
    ).toMatchObject({
      kind: "cancel",
      error: { code: "RUN_HANDED_OFF", nodeName: "b" },
    });
    expect(
      completeNode({ nodeCompleted: () => "handoff" }, { ...completed, next: null }),
    ).toBeUndefined();
  });

  it("a veto fails the run: an AliceError with its code, anything else RUN_VETOED", async () => {
    const lost = new AliceError("RESUME_INVALID", "lease lost");
    expect(
      completeNode(
        {
          nodeCompleted: () => {
            throw lost;
          },
        },
        completed,
      ),
    ).toMatchObject({ kind: "fail", error: { code: "RESUME_INVALID", nodeName: "a" } });
    expect(
      await completeNode(
        { nodeCompleted: () => Promise.reject(new Error("disk full")) },
        completed,
      ),
    ).toMatchObject({ kind: "fail", error: { code: "RUN_VETOED" } });
  });
});
