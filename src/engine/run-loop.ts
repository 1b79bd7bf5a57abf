import { describeThrown } from "../errors/describe-thrown.ts";
import type { AliceTask } from "./alice-task.ts";
import { DEFAULT_OPTIONS } from "./definition.ts";
import type { TaskEvent } from "./events.ts";
import { buildResponse } from "./final-response.ts";
import { isThenable } from "./is-thenable.ts";
import { NEVER_ABORTED } from "./never-aborted.ts";
import { type ChildOutcomes, createNodeContext, type RunInfo } from "./node-context.ts";
import { nodeFailure, withinTask } from "./node-failure.ts";
import { fatalOf, type Invoked, invoke, toNodeResponse } from "./node-result.ts";
import { applyOutput, checkState, prepareRun, type RunStart } from "./prepare-run.ts";
import { aborted, failure, type RunOutcome } from "./run-outcome.ts";
import type { TaskError, TaskResponse, UserInteraction } from "./types.ts";

export type { RunStart };

/** Options of one run. */
export interface RunOptions {
  signal?: AbortSignal | undefined;
  parentRunId?: string | undefined;
  /** Whether someone receives the run's events as they happen (stream() or onEvent). */
  listening?: boolean | undefined;
}

/**
 * The engine: runs a task's nodes, routes on their exit codes, enforces retry and execution
 * limits, pauses at checkpoints, and yields every event as it happens. `run()`, `stream()` and
 * `resume()` all drain this one generator; its return value is the run's `TaskResponse`.
 * Written as a single generator on purpose: each nested `yield*` costs every event a hop. When
 * nobody listens (`run()` without `onEvent`), no event is built or yielded at all: each yield is
 * a round of promises the agent benchmark measured.
 */
export async function* runTask(
  task: AliceTask,
  start: RunStart,
  options: RunOptions = {},
): AsyncGenerator<TaskEvent, TaskResponse, undefined> {
  const signal = options.signal ?? NEVER_ABORTED;
  const listening = options.listening === true;
  const prepared = prepareRun(task, start, options.parentRunId);
  const { run } = prepared;
  const { taskName } = task;
  const { runId } = run;
  if (listening)
    yield {
      type: "task-start",
      taskName,
      runId,
      ...(run.parentRunId === undefined ? {} : { parentRunId: run.parentRunId }),
      resumed: start.kind === "resume",
    };
  const stop = (outcome: RunOutcome): TaskResponse => buildResponse(task, run, outcome);
  const wakeOnAbort = () => run.channel.notify();
  if (signal !== NEVER_ABORTED) signal.addEventListener("abort", wakeOnAbort);
  const hookInfo: RunInfo = { runId, inputs: run.vars, state: run.state, signal };
  let response: TaskResponse | undefined;
  try {
    let setupError: string | undefined;
    if (prepared.stop === undefined) {
      const called = callHook(() => task.setup(hookInfo));
      setupError = called instanceof Promise ? await called : called;
    }
    let current = prepared.stop === undefined && setupError === undefined ? prepared.next : null;
    let gatePassed = prepared.gatePassed;
    let resumeChild = prepared.resumeChild;
    if (prepared.stop !== undefined) response = stop(prepared.stop);
    if (setupError !== undefined) {
      response = stop(
        failure(
          "TASK_SETUP_FAILED",
          prepared.next ?? "",
          `The setup() of task "${taskName}" failed: ${setupError}`,
        ),
      );
    }

    while (current !== null) {
      if (signal.aborted) {
        response = stop(aborted(taskName, current));
        break;
      }
      if (run.history.length >= task.maxNodeExecutions) {
        response = stop(
          failure(
            "MAX_NODE_EXECUTIONS",
            current,
            `Task "${taskName}" executed ${task.maxNodeExecutions} nodes without ending (maxNodeExecutions); it was about to run "${current}" again. Raise maxNodeExecutions or fix the routing cycle.`,
          ),
        );
        break;
      }
      const checkpoint = task.userCheckpoints[current];
      if (checkpoint !== undefined && gatePassed !== current) {
        const interaction: UserInteraction = {
          taskName,
          nodeName: current,
          userPrompt: checkpoint.userPrompt,
          options: { ...(checkpoint.options ?? DEFAULT_OPTIONS) },
          requestFeedback: checkpoint.requestFeedback ?? false,
          executionOrder: run.history.length,
        };
        run.interactions.push(interaction);
        if (listening) yield { type: "checkpoint", taskName, runId, interaction };
        response = stop({
          kind: "pending",
          pending: { nodeName: current, interaction, path: [taskName] },
        });
        break;
      }
      gatePassed = undefined;

      // Run the node, yielding what it (and its sub-tasks) emit while it runs.
      const nodeName = current;
      const executionOrder = run.history.length;
      const attempt = run.attemptsOf(nodeName);
      if (listening)
        yield { type: "node-start", taskName, runId, nodeName, executionOrder, attempt };
      const children: ChildOutcomes = {};
      const ctx = createNodeContext(task, run, {
        nodeName,
        attempt,
        signal,
        listening,
        resumeChild,
        children,
      });
      let invoked: Invoked | undefined;
      if (!listening && signal === NEVER_ABORTED) {
        // Nothing can arrive while the node runs: no events to pass on, no abort to wake for.
        invoked = await invoke(task, nodeName, ctx);
      } else {
        const { channel } = run;
        invoke(task, nodeName, ctx).then((result) => {
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
      if (invoked === undefined) {
        response = stop(aborted(taskName, nodeName));
        break;
      }
      if (children.pending !== undefined) {
        const child = children.pending;
        const inner = child.pending!;
        response = stop({
          kind: "pending",
          pending: {
            nodeName,
            interaction: inner.interaction,
            path: [taskName, ...inner.path],
            child,
          },
        });
        break;
      }
      if (resumeChild !== undefined && !resumeChild.used) {
        response = stop(
          failure(
            "RESUME_INVALID",
            nodeName,
            `Node "${nodeName}" of task "${taskName}" did not resume its paused sub-task "${resumeChild.response.taskName}".`,
          ),
        );
        break;
      }
      resumeChild = undefined;

      const node = toNodeResponse(task.id, nodeName, executionOrder, invoked);
      run.record(node);
      const problem = applyOutput(task, run, node) ?? checkState(task, run, nodeName);
      if (problem !== undefined) {
        response = stop(problem);
        break;
      }
      if (children.cancelled !== undefined) {
        const child = children.cancelled;
        response = stop({
          kind: "cancel",
          error:
            child.error === undefined
              ? { code: "ABORTED", message: "A sub-task was cancelled.", nodeName }
              : withinTask(taskName, child.error, child.taskName),
        });
        break;
      }

      // Route on the exit code (unless the node ended the run).
      const fatal = fatalOf(invoked);
      const route =
        fatal === undefined ? task.definition.routes.get(nodeName)?.get(node.exitCode) : undefined;
      if (listening)
        yield { type: "node-end", taskName, runId, response: node, next: route?.next ?? null };
      if (fatal !== undefined) {
        response = stop(failure(fatal.code, nodeName, fatal.message));
        break;
      }
      if (route === undefined) {
        const listed = [...(task.definition.routes.get(nodeName)?.keys() ?? [])].join(", ");
        const error: TaskError = {
          code: "ROUTE_NOT_FOUND",
          nodeName,
          message: `Node "${nodeName}" of task "${taskName}" returned exit code ${node.exitCode}, which its routing row does not list (codes: ${listed}). Add a route for it in nodeEndCodeRouting.`,
        };
        // A failing node with no route (a sub-task that failed, a throw): keep why it failed.
        if (!task.successCodes.includes(node.exitCode))
          error.cause = nodeFailure(task, node, "has no route");
        response = stop({ kind: "fail", error });
        break;
      }
      if (route.retry && route.next !== null) {
        const attempts = run.attemptsOf(route.next);
        if (!task.recursive || attempts >= task.maxAttempts) {
          const why = task.recursive
            ? `maxAttempts is ${task.maxAttempts}`
            : "the task is not recursive (recursive: false)";
          const cause = nodeFailure(task, node, "asked for a retry");
          response = stop({
            kind: "fail",
            error: {
              code: "MAX_ATTEMPTS_EXCEEDED",
              message: `Node "${nodeName}" routed a retry into "${route.next}" (exit code ${node.exitCode}), but "${route.next}" already had ${attempts} attempt(s) and ${why}. Last attempt: ${cause.code}: ${cause.message}`,
              nodeName: route.next,
              cause,
            },
          });
          break;
        }
        run.retries.set(route.next, attempts);
        if (listening)
          yield {
            type: "retry",
            taskName,
            runId,
            nodeName: route.next,
            fromNode: nodeName,
            attempt: attempts + 1,
            maxAttempts: task.maxAttempts,
          };
      }
      current = route.next;
    }
    response ??= stop({ kind: "end" });
  } finally {
    signal.removeEventListener("abort", wakeOnAbort);
    if (prepared.stop === undefined) {
      const called = callHook(() => task.cleanup(hookInfo, response));
      const cleanupError = called instanceof Promise ? await called : called;
      if (cleanupError !== undefined && response !== undefined)
        noteCleanupFailure(response, `The cleanup() of task "${taskName}" failed: ${cleanupError}`);
    }
  }
  if (listening) yield { type: "task-end", taskName, runId, response };
  return response;
}

/**
 * Calls a setup or cleanup hook; what it threw (or rejected with) comes back as a message. Only
 * a hook that returns a promise is awaited: the default hooks cost a run nothing.
 */
function callHook(fn: () => unknown): Promise<string | undefined> | string | undefined {
  try {
    const result = fn();
    if (!isThenable(result)) return undefined;
    return Promise.resolve(result).then(
      () => undefined,
      (error: unknown) => describeHookError(error),
    );
  } catch (error) {
    return describeHookError(error);
  }
}

function describeHookError(error: unknown): string {
  return describeThrown(error);
}

function noteCleanupFailure(response: TaskResponse, message: string): void {
  if (response.status === "complete") {
    Object.assign(response, {
      status: "failed",
      resultCode: 1,
      resultDiagnostic: message,
      error: { code: "TASK_CLEANUP_FAILED", message, path: [response.taskName] },
    });
  } else {
    response.resultDiagnostic += `\n${message}`;
  }
}
