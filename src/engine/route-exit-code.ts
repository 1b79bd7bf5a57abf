import { nodeFailure } from "./node-failure.ts";
import { failure, type RunOutcome } from "./run-outcome.ts";
import type { RunState } from "./run-state.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { NodeResponse, NodeResult, TaskError } from "./types.ts";

/** Where the routing sends the run after a node: on (a retry counted), or it stops. */
export type Routing =
  | {
      kind: "next";
      /** The next node; null ends the run by its routing. */
      next: string | null;
      /** Set when the route is a retry: the attempt the next node is about to make. */
      retry?: { attempt: number; maxAttempts: number };
    }
  | { kind: "stop"; outcome: RunOutcome };

/**
 * Routes a recorded node on its exit code: a fatal result stops the run with its error; a code
 * with no route is `ROUTE_NOT_FOUND` (keeping why a failing node failed as the cause); a retry
 * route is taken only while the target's attempts (1 + retries routed into it in this run)
 * are below `maxAttempts` and the task is recursive, else `MAX_ATTEMPTS_EXCEEDED` with the last
 * attempt's failure as the cause. A taken retry is counted in the run.
 */
export function routeExitCode(
  task: RunnableTask,
  run: RunState,
  node: NodeResponse,
  fatal: NodeResult["fatal"],
): Routing {
  const { nodeName, exitCode } = node;
  if (fatal !== undefined)
    return { kind: "stop", outcome: failure(fatal.code, nodeName, fatal.message) };
  const route = task.definition.routes.get(nodeName)?.get(exitCode);
  if (route === undefined) {
    const listed = [...(task.definition.routes.get(nodeName)?.keys() ?? [])].join(", ");
    const error: TaskError = {
      code: "ROUTE_NOT_FOUND",
      nodeName,
      message: `Node "${nodeName}" of task "${task.taskName}" returned exit code ${exitCode}, which its routing row does not list (codes: ${listed}). Add a route for it in nodeEndCodeRouting.`,
    };
    // A failing node with no route (a sub-task that failed, a throw): keep why it failed.
    if (!task.successCodes.includes(exitCode))
      error.cause = nodeFailure(task, node, "has no route");
    return { kind: "stop", outcome: { kind: "fail", error } };
  }
  if (!route.retry || route.next === null) return route.onward;

  const attempts = run.attemptsOf(route.next);
  if (!task.recursive || attempts >= task.maxAttempts) {
    const why = task.recursive
      ? `maxAttempts is ${task.maxAttempts}`
      : "the task is not recursive (recursive: false)";
    const cause = nodeFailure(task, node, "asked for a retry");
    return {
      kind: "stop",
      outcome: {
        kind: "fail",
        error: {
          code: "MAX_ATTEMPTS_EXCEEDED",
          message: `Node "${nodeName}" routed a retry into "${route.next}" (exit code ${exitCode}), but "${route.next}" already had ${attempts} attempt(s) and ${why}. Last attempt: ${cause.code}: ${cause.message}`,
          nodeName: route.next,
          cause,
        },
      },
    };
  }
  run.retries.set(route.next, attempts);
  return {
    kind: "next",
    next: route.next,
    retry: { attempt: attempts + 1, maxAttempts: task.maxAttempts },
  };
}

/** The loop guard: the run stops once it has executed `maxNodeExecutions` nodes. */
export function nodeLimitReached(
  task: RunnableTask,
  run: RunState,
  next: string,
): RunOutcome | undefined {
  if (run.history.length < task.maxNodeExecutions) return undefined;
  return failure(
    "MAX_NODE_EXECUTIONS",
    next,
    `Task "${task.taskName}" executed ${task.maxNodeExecutions} nodes without ending (maxNodeExecutions); it was about to run "${next}" again. Raise maxNodeExecutions or fix the routing cycle.`,
  );
}
