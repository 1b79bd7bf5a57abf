import { AliceError } from "../errors/alice-error.ts";
import { describeThrown } from "../errors/describe-thrown.ts";
import { completeNode } from "./complete-node.ts";
import type { Durability } from "./durable-run.ts";
import type { TaskEvent } from "./events.ts";
import { buildResponse } from "./final-response.ts";
import { gateCheckpoint } from "./gate-checkpoint.ts";
import { isThenable } from "./is-thenable.ts";
import { NEVER_ABORTED } from "./never-aborted.ts";
import { type ChildRunner, type ChildStart, RunNodeContext } from "./node-context.ts";
import { fatalOf, type Invoked, invoke, toNodeResponse } from "./node-result.ts";
import { recordNode } from "./record-node.ts";
import { resumeRun } from "./resume-run.ts";
import { nodeLimitReached, routeExitCode } from "./route-exit-code.ts";
import { aborted, failure, type RunOutcome } from "./run-outcome.ts";
import type { RunInfo, RunnableTask } from "./runnable-task.ts";
import type { RunSeams } from "./seams.ts";
import { settleCancelledChild, settlePausedChild } from "./settle-child.ts";
import { settleDurable } from "./settle-durable.ts";
import { type PreparedRun, startRun } from "./start-run.ts";
import { openDurableRun, type StoredStart } from "./stored-run.ts";
import type { TaskResponse } from "./types.ts";

/**
 * How a run begins: with inputs, from a checked paused response and the user's answer, or from
 * its store by its id (a durable run).
 */
export type RunStart = ChildStart | StoredStart;

/** Options of one run. */
export interface RunOptions {
  signal?: AbortSignal | undefined;
  parentRunId?: string | undefined;
  /** Whether someone receives the run's events as they happen (stream() or onEvent). */
  listening?: boolean | undefined;
  /** Where a store, a tracer and a dispatcher plug in (handed on to sub-task runs). */
  seams?: RunSeams | undefined;
  /**
   * Stores the run as it goes (every node as it completes, model answers and tool calls in its
   * journal) under a lease, so it can be continued after a crash; handed on to sub-task runs.
   */
  durability?: Durability | undefined;
  /** A fresh durable run's id. @default a random UUID */
  runId?: string | undefined;
  /** The chat thread a fresh durable run belongs to (see `RunThread`). */
  threadId?: string | undefined;
  /** Passed on to the durable run's nodes with its thread (see `RunThread`). */
  historyWindow?: number | undefined;
}

const NO_SEAMS: RunSeams = {};

/**
 * The engine: runs a task's nodes, routes on their exit codes, pauses at checkpoints, and
 * yields every event as it happens. `run()`, `stream()` and `resume()` all drain this one
 * generator; its return value is the run's `TaskResponse`. Each step is a named decision
 * (gate a checkpoint, run the node, settle its children, record it, route it, complete it);
 * the loop only sequences them. One generator on purpose: a nested `yield*` costs every event
 * a hop. A run nobody listens to builds and yields no events at all.
 */
export async function* runTask(
  task: RunnableTask,
  start: RunStart,
  options: RunOptions = {},
): AsyncGenerator<TaskEvent, TaskResponse, undefined> {
  const signal = options.signal ?? NEVER_ABORTED;
  const listening = options.listening === true;
  const seams = options.seams ?? NO_SEAMS;
  const { durability, parentRunId, threadId, historyWindow } = options;
  const opened =
    durability === undefined
      ? undefined
      : await openDurableRun(task, start, {
          durability,
          parentRunId,
          runId: options.runId,
          threadId,
          historyWindow,
        });
  if (opened?.kind === "done") return yield* storedOutcome(opened.response, listening);
  const durable = opened?.durable;
  const prepared: PreparedRun = opened?.prepared ?? prepareRun(task, start, parentRunId);
  const { run } = prepared;
  const { taskName } = task;
  const { runId } = run;
  if (listening) {
    const parent = run.parentRunId === undefined ? {} : { parentRunId: run.parentRunId };
    const resumed = start.kind !== "fresh" || opened?.resumed === true;
    yield { type: "task-start", taskName, runId, ...parent, resumed };
  }
  const wakeOnAbort = () => run.channel.notify();
  if (signal !== NEVER_ABORTED) signal.addEventListener("abort", wakeOnAbort);
  const hookInfo: RunInfo = { runId, inputs: run.vars, state: run.state, signal };
  let outcome: RunOutcome | undefined = prepared.stop;
  let response: TaskResponse | undefined;
  try {
    if (outcome === undefined) outcome = await setUp(task, hookInfo, prepared.next);
    let current = outcome === undefined ? prepared.next : null;
    let { gatePassed, resumeChild } = prepared;
    while (current !== null && outcome === undefined) {
      outcome = signal.aborted ? aborted(taskName, current) : nodeLimitReached(task, run, current);
      if (outcome !== undefined) break;
      const interaction = gateCheckpoint(task, run, current, gatePassed);
      if (interaction !== undefined) {
        if (listening) yield { type: "checkpoint", taskName, runId, interaction };
        outcome = {
          kind: "pending",
          pending: { nodeName: current, interaction, path: [taskName] },
        };
        break;
      }
      gatePassed = undefined;

      // Run the node, yielding what it (and its sub-tasks) emit while it runs.
      const nodeName = current;
      const executionOrder = run.history.length;
      const attempt = run.attemptsOf(nodeName);
      if (listening)
        yield { type: "node-start", taskName, runId, nodeName, executionOrder, attempt };
      const children = {};
      const ctx = new RunNodeContext(task, run, {
        nodeName,
        executionOrder,
        attempt,
        signal,
        listening,
        seams,
        resumeChild,
        children,
        runChild: runChildTask,
        durable,
      });
      let invoked: Invoked | undefined;
      if (!listening && signal === NEVER_ABORTED && seams.trace === undefined) {
        // Nothing can arrive while the node runs: no events to pass on, no abort to wake for.
        invoked = await invoke(task, nodeName, ctx);
      } else {
        const { channel } = run;
        traced(seams, task, ctx, nodeName).then((result) => {
          invoked = result;
          channel.notify();
        });
        // `for … yield`, not `yield*`: over an array, yield* in an async generator wraps it in
        // an async-from-sync iterator, a few more promises per event.
        while (invoked === undefined && !signal.aborted) {
          await channel.wait();
          if (listening) for (const event of channel.drain()) yield event;
        }
        if (listening) for (const event of channel.drain()) yield event;
      }
      outcome =
        invoked === undefined
          ? aborted(taskName, nodeName)
          : (settlePausedChild(taskName, nodeName, children, resumeChild) ??
            settleDurable(taskName, run, nodeName, children));
      if (outcome?.kind === "pending" && outcome.effectKey !== undefined && listening) {
        const { interaction } = outcome.pending;
        yield { type: "checkpoint", taskName, runId, interaction };
      }
      if (outcome !== undefined || invoked === undefined) break;
      resumeChild = undefined;

      const node = toNodeResponse(task.id, nodeName, executionOrder, invoked);
      outcome = recordNode(task, run, node) ?? settleCancelledChild(taskName, nodeName, children);
      if (outcome !== undefined) break;
      const routing = routeExitCode(task, run, node, fatalOf(invoked));
      const next = routing.kind === "next" ? routing.next : null;
      if (listening) yield { type: "node-end", taskName, runId, response: node, next };
      if (routing.kind === "stop") outcome = routing.outcome;
      // Stored before the next node starts, with the lease's fencing token.
      if (durable !== undefined) outcome ??= await durable.commitNode(run, next, outcome);
      if (seams.nodeCompleted !== undefined) {
        const { parentRunId, history, state } = run;
        const completed = { taskName, runId, parentRunId, node, next, history, state };
        const verdict = completeNode(seams, completed);
        outcome ??= isThenable(verdict) ? await verdict : verdict;
      }
      if (outcome !== undefined || routing.kind === "stop") break;
      if (routing.retry !== undefined && listening) {
        const { attempt: retryAttempt, maxAttempts } = routing.retry;
        const retry = { nodeName: next!, fromNode: nodeName, attempt: retryAttempt, maxAttempts };
        yield { type: "retry", taskName, runId, ...retry };
      }
      current = next;
    }
    response = buildResponse(task, run, outcome ?? { kind: "end" });
  } finally {
    signal.removeEventListener("abort", wakeOnAbort);
    if (prepared.stop === undefined) await cleanUp(task, hookInfo, response);
    if (durable !== undefined) {
      if (response !== undefined)
        response = await durable.finish(run, outcome ?? { kind: "end" }, response);
      await durable.close();
    }
  }
  if (listening) yield { type: "task-end", taskName, runId, response };
  return response;
}

/** A run prepared in memory: fresh, or a checked paused response resumed with its answer. */
function prepareRun(
  task: RunnableTask,
  start: RunStart,
  parentRunId: string | undefined,
): PreparedRun {
  if (start.kind === "fresh") return startRun(task, start.inputs, parentRunId);
  if (start.kind === "resume") return resumeRun(task, start.response, start.answer, parentRunId);
  throw new AliceError(
    "OPTIONS_INVALID",
    `Cannot resume run "${start.runId}" of task "${task.taskName}" without a store: pass resume(runId, { store }).`,
  );
}

/** A stored run with nothing left to do (finished, or waiting for an answer): its response. */
async function* storedOutcome(
  response: TaskResponse,
  listening: boolean,
): AsyncGenerator<TaskEvent, TaskResponse, undefined> {
  if (listening) {
    const { taskName, runId } = response;
    const parent = response.parentRunId === undefined ? {} : { parentRunId: response.parentRunId };
    yield { type: "task-start", taskName, runId, ...parent, resumed: true };
    yield { type: "task-end", taskName, runId, response };
  }
  return response;
}

/** Runs a sub-task to its end, passing each of its events on: what `ctx.runSubtask` uses. */
const runChildTask: ChildRunner = async (task, start, options, onEvent) => {
  const child = runTask(task, start, options);
  let step = await child.next();
  while (step.done !== true) {
    onEvent(step.value);
    step = await child.next();
  }
  return step.value;
};

/** A node run inside the tracer's span, when the run has a tracer; what it throws is the node's. */
function traced(
  seams: RunSeams,
  task: RunnableTask,
  ctx: RunNodeContext,
  nodeName: string,
): Promise<Invoked> {
  if (seams.trace === undefined) return invoke(task, nodeName, ctx);
  const span = {
    kind: "node" as const,
    name: nodeName,
    attributes: { taskName: task.taskName, runId: ctx.runId, attempt: ctx.attempt },
  };
  return seams
    .trace(span, () => invoke(task, nodeName, ctx))
    .then(
      (invoked) => invoked,
      (error: unknown): Invoked => ({ ok: false, error }),
    );
}

/** The `setup()` hook; what it throws ends the run before its first node. */
async function setUp(
  task: RunnableTask,
  info: RunInfo,
  firstNode: string | null,
): Promise<RunOutcome | undefined> {
  const called = callHook(() => task.setup(info));
  const error = isThenable(called) ? await called : called;
  if (error === undefined) return undefined;
  const message = `The setup() of task "${task.taskName}" failed: ${error}`;
  return failure("TASK_SETUP_FAILED", firstNode ?? "", message);
}

/** The `cleanup()` hook, however the run ended; what it throws is noted on the response. */
async function cleanUp(
  task: RunnableTask,
  info: RunInfo,
  response: TaskResponse | undefined,
): Promise<void> {
  const called = callHook(() => task.cleanup(info, response));
  const error = isThenable(called) ? await called : called;
  if (error === undefined || response === undefined) return;
  const message = `The cleanup() of task "${task.taskName}" failed: ${error}`;
  if (response.status !== "complete") {
    response.resultDiagnostic += `\n${message}`;
    return;
  }
  Object.assign(response, {
    status: "failed",
    resultCode: 1,
    resultDiagnostic: message,
    error: { code: "TASK_CLEANUP_FAILED", message, path: [response.taskName] },
  });
}

/**
 * Calls a hook; what it threw (or rejected with) comes back as a message. Only a hook that
 * returns a promise is awaited: the default hooks cost a run nothing.
 */
function callHook(fn: () => unknown): Promise<string | undefined> | string | undefined {
  try {
    const result = fn();
    if (!isThenable(result)) return undefined;
    return Promise.resolve(result).then(
      () => undefined,
      (error: unknown) => describeThrown(error),
    );
  } catch (error) {
    return describeThrown(error);
  }
}
