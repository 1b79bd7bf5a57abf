import { randomUUID } from "node:crypto";
import type { ErrorCode } from "../errors/codes.ts";
import type { AliceTask } from "./alice-task.ts";
import { plainCopy } from "./convert-value.ts";
import { DEFAULT_OPTIONS } from "./definition.ts";
import type { EventChannel } from "./event-channel.ts";
import type { TaskEvent } from "./events.ts";
import { buildResponse, type RunOutcome } from "./final-response.ts";
import { convertNodeOutput, resolveInputs } from "./inputs.ts";
import type { NodeContext, RunInfo } from "./node-context.ts";
import { RunState } from "./run-state.ts";
import type {
  NodeResponse,
  TaskError,
  TaskResponse,
  UserInteraction,
  UserResponse,
} from "./types.ts";

/** How a run begins: with inputs, or from a paused response and the user's answer. */
export type RunStart =
  | { kind: "fresh"; inputs: Readonly<Record<string, unknown>> }
  | { kind: "resume"; response: TaskResponse; answer: UserResponse };

/** Options of one run. */
export interface RunOptions {
  signal?: AbortSignal | undefined;
  parentRunId?: string | undefined;
}

/** A child run a node is resuming (the pause happened inside it). */
interface ResumeChild {
  response: TaskResponse;
  answer: UserResponse;
  used: boolean;
}

/** Where the loop starts after preparation. */
interface Prepared {
  run: RunState;
  next: string | null;
  /** The node whose checkpoint was just answered: it runs once without asking again. */
  gatePassed?: string;
  resumeChild?: ResumeChild;
  stop?: RunOutcome;
}

const NEVER_ABORTED = new AbortController().signal;
const ABORTED = Symbol("aborted");

/**
 * The engine: runs a task's nodes, routes on their exit codes, enforces retry and execution
 * limits, pauses at checkpoints, and yields every event. `run()`, `stream()` and `resume()` all
 * drain this one generator; its return value is the run's `TaskResponse`.
 */
export async function* runTask(
  task: AliceTask,
  start: RunStart,
  options: RunOptions = {},
): AsyncGenerator<TaskEvent, TaskResponse, undefined> {
  const signal = options.signal ?? NEVER_ABORTED;
  const prepared = prepare(task, start, options.parentRunId);
  const { run } = prepared;
  yield {
    type: "task-start",
    taskName: task.taskName,
    runId: run.runId,
    ...(run.parentRunId === undefined ? {} : { parentRunId: run.parentRunId }),
    resumed: start.kind === "resume",
  };
  const response = yield* loop(task, prepared, signal);
  yield { type: "task-end", taskName: task.taskName, runId: run.runId, response };
  return response;
}

async function* loop(
  task: AliceTask,
  prepared: Prepared,
  signal: AbortSignal,
): AsyncGenerator<TaskEvent, TaskResponse> {
  const { run } = prepared;
  if (prepared.stop !== undefined) return buildResponse(task, run, prepared.stop);
  const abort = onAbort(signal);
  const hookInfo: RunInfo = { runId: run.runId, inputs: run.vars, state: run.state, signal };
  let response: TaskResponse | undefined;
  try {
    const setupError = await hook(() => task.setup(hookInfo));
    response =
      setupError === undefined
        ? yield* steps(task, prepared, signal, abort.promise)
        : buildResponse(
            task,
            run,
            failure(
              "TASK_SETUP_FAILED",
              prepared.next ?? "",
              `The setup() of task "${task.taskName}" failed: ${setupError}`,
            ),
          );
  } finally {
    abort.dispose();
    const cleanupError = await hook(() => task.cleanup(hookInfo, response));
    if (cleanupError !== undefined && response !== undefined) {
      const message = `The cleanup() of task "${task.taskName}" failed: ${cleanupError}`;
      if (response.status === "complete") {
        Object.assign(response, {
          status: "failed",
          resultCode: 1,
          resultDiagnostic: message,
          error: { code: "TASK_CLEANUP_FAILED", message },
        });
      } else {
        response.resultDiagnostic += `\n${message}`;
      }
    }
  }
  return response;
}

async function hook(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function* steps(
  task: AliceTask,
  prepared: Prepared,
  signal: AbortSignal,
  abort: Promise<void>,
): AsyncGenerator<TaskEvent, TaskResponse> {
  const { run } = prepared;
  const stop = (outcome: RunOutcome) => buildResponse(task, run, outcome);
  let current = prepared.next;
  let gatePassed = prepared.gatePassed;
  let resumeChild = prepared.resumeChild;
  while (current !== null) {
    if (signal.aborted) return stop(aborted(task, current));
    if (run.history.length >= task.maxNodeExecutions) {
      return stop(
        failure(
          "MAX_NODE_EXECUTIONS",
          current,
          `Task "${task.taskName}" executed ${task.maxNodeExecutions} nodes without ending (maxNodeExecutions); it was about to run "${current}" again. Raise maxNodeExecutions or fix the routing cycle.`,
        ),
      );
    }
    const checkpoint = task.userCheckpoints[current];
    if (checkpoint !== undefined && gatePassed !== current) {
      const interaction: UserInteraction = {
        taskName: task.taskName,
        nodeName: current,
        userPrompt: checkpoint.userPrompt,
        options: { ...(checkpoint.options ?? DEFAULT_OPTIONS) },
        requestFeedback: checkpoint.requestFeedback ?? false,
        executionOrder: run.history.length,
      };
      run.interactions.push(interaction);
      yield { type: "checkpoint", taskName: task.taskName, runId: run.runId, interaction };
      return stop({
        kind: "pending",
        pending: { nodeName: current, interaction, path: [task.taskName] },
      });
    }
    gatePassed = undefined;

    const nodeName = current;
    const executionOrder = run.history.length;
    const attempt = run.attemptsOf(nodeName);
    yield {
      type: "node-start",
      taskName: task.taskName,
      runId: run.runId,
      nodeName,
      executionOrder,
      attempt,
    };
    const children: { pending?: TaskResponse; cancelled?: TaskResponse } = {};
    const ctx = nodeContext(task, run, nodeName, attempt, signal, resumeChild, children);
    const settled = yield* settle(invoke(task, nodeName, ctx), run.channel, abort, signal);
    if (settled === ABORTED) return stop(aborted(task, nodeName));
    if (children.pending !== undefined) {
      const child = children.pending;
      const inner = child.pending!;
      return stop({
        kind: "pending",
        pending: {
          nodeName,
          interaction: inner.interaction,
          path: [task.taskName, ...inner.path],
          child,
        },
      });
    }
    if (resumeChild !== undefined && !resumeChild.used) {
      return stop(
        failure(
          "RESUME_INVALID",
          nodeName,
          `Node "${nodeName}" of task "${task.taskName}" did not resume its paused sub-task "${resumeChild.response.taskName}".`,
        ),
      );
    }
    resumeChild = undefined;

    const response = toNodeResponse(task.id, nodeName, executionOrder, settled);
    run.record(response);
    const problem = applyOutput(task, run, response) ?? checkState(task, run, nodeName);
    if (problem !== undefined) return stop(problem);
    if (children.cancelled !== undefined) {
      const error = children.cancelled.error;
      return stop({
        kind: "cancel",
        error: {
          code: error?.code ?? "ABORTED",
          message: error?.message ?? "A sub-task was cancelled.",
          nodeName,
        },
      });
    }

    const route = task.definition.routes.get(nodeName)?.get(response.exitCode);
    yield {
      type: "node-end",
      taskName: task.taskName,
      runId: run.runId,
      response,
      next: route?.next ?? null,
    };
    if (route === undefined) {
      const listed = [...(task.definition.routes.get(nodeName)?.keys() ?? [])].join(", ");
      return stop(
        failure(
          "ROUTE_NOT_FOUND",
          nodeName,
          `Node "${nodeName}" of task "${task.taskName}" returned exit code ${response.exitCode}, which its routing row does not list (codes: ${listed}). Add a route for it in nodeEndCodeRouting.`,
        ),
      );
    }
    if (route.retry && route.next !== null) {
      const attempts = run.attemptsOf(route.next);
      if (!task.recursive || attempts >= task.maxAttempts) {
        const why = task.recursive
          ? `maxAttempts is ${task.maxAttempts}`
          : "the task is not recursive (recursive: false)";
        return stop(
          failure(
            "MAX_ATTEMPTS_EXCEEDED",
            route.next,
            `Node "${nodeName}" routed a retry into "${route.next}" (exit code ${response.exitCode}), but "${route.next}" already had ${attempts} attempt(s) and ${why}.`,
          ),
        );
      }
      run.retries.set(route.next, attempts);
      yield {
        type: "retry",
        taskName: task.taskName,
        runId: run.runId,
        nodeName: route.next,
        fromNode: nodeName,
        attempt: attempts + 1,
        maxAttempts: task.maxAttempts,
      };
    }
    current = route.next;
  }
  return stop({ kind: "end" });
}

function prepare(task: AliceTask, start: RunStart, parentRunId: string | undefined): Prepared {
  if (start.kind === "fresh") {
    const resolved = resolveInputs(task.inputSpec, start.inputs, task.taskName);
    const run = new RunState({
      runId: randomUUID(),
      parentRunId,
      taskInputs: resolved.success
        ? resolved.value
        : (plainCopy(start.inputs) as Record<string, unknown>),
      state: structuredClone(task.initialState),
    });
    if (!resolved.success) {
      return {
        run,
        next: null,
        stop: {
          kind: "fail",
          error: { code: resolved.error.code, message: resolved.error.message },
        },
      };
    }
    return { run, next: task.definition.startNode };
  }

  const { response, answer } = start;
  const pending = response.pending!;
  const run = new RunState({
    runId: response.runId,
    parentRunId: response.parentRunId ?? parentRunId,
    taskInputs: response.taskInputs,
    interactions: response.userInteractions,
    state: response.state ?? {},
  });
  for (const node of response.nodeReferences) {
    run.record(node);
    applyOutput(task, run, node);
  }
  run.replayRetries(task.definition, pending.nodeName);
  if (pending.child !== undefined) {
    return {
      run,
      next: pending.nodeName,
      gatePassed: pending.nodeName,
      resumeChild: { response: pending.child, answer, used: false },
    };
  }
  const interaction = run.interactions.at(-1)!;
  interaction.response =
    answer.feedback === undefined ? { selectedOption: answer.selectedOption } : { ...answer };
  run.vars.userResponse = run.latestUserResponse();
  const next = task.userCheckpoints[pending.nodeName]!.taskNextObj[answer.selectedOption] ?? null;
  if (next === null) {
    const label = interaction.options[answer.selectedOption] ?? String(answer.selectedOption);
    return {
      run,
      next,
      stop: {
        kind: "cancel",
        error: {
          code: "CHECKPOINT_CANCELLED",
          nodeName: pending.nodeName,
          message: `The user chose "${label}" at the checkpoint before node "${pending.nodeName}" of task "${task.taskName}", which ends the run.`,
        },
      },
    };
  }
  return { run, next, gatePassed: pending.nodeName };
}

function nodeContext(
  task: AliceTask,
  run: RunState,
  nodeName: string,
  attempt: number,
  signal: AbortSignal,
  resumeChild: ResumeChild | undefined,
  children: { pending?: TaskResponse; cancelled?: TaskResponse },
): NodeContext {
  return {
    taskName: task.taskName,
    runId: run.runId,
    nodeName,
    inputs: run.vars,
    executionHistory: run.history,
    nodeResponses: run.latest,
    attempt,
    state: run.state,
    userResponse: run.latestUserResponse(),
    signal,
    emit: (event) => run.channel.push({ ...event, taskName: task.taskName, runId: run.runId }),
    runSubtask: async (subtask, inputs = run.vars) => {
      if (children.pending !== undefined) {
        throw new Error(
          `Node "${nodeName}" started a sub-task after "${children.pending.taskName}" paused; return instead.`,
        );
      }
      const start: RunStart =
        resumeChild !== undefined &&
        !resumeChild.used &&
        resumeChild.response.taskName === subtask.taskName
          ? { kind: "resume", response: resumeChild.response, answer: resumeChild.answer }
          : { kind: "fresh", inputs };
      if (start.kind === "resume") resumeChild!.used = true;
      const child = runTask(subtask, start, { signal, parentRunId: run.runId });
      let step = await child.next();
      while (step.done !== true) {
        run.channel.push(step.value);
        step = await child.next();
      }
      const response = step.value;
      if (response.status === "pending") children.pending = response;
      else if (response.status === "cancelled") children.cancelled = response;
      return response;
    },
  };
}

type Invoked = { ok: true; value: unknown } | { ok: false; error: unknown };

async function invoke(task: AliceTask, nodeName: string, ctx: NodeContext): Promise<Invoked> {
  try {
    return { ok: true, value: await task.executeNode(nodeName, ctx) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Awaits `promise`, yielding the events emitted meanwhile; ABORTED if the signal fires first. */
async function* settle<T>(
  promise: Promise<T>,
  channel: EventChannel<TaskEvent>,
  abort: Promise<void>,
  signal: AbortSignal,
): AsyncGenerator<TaskEvent, T | typeof ABORTED> {
  let done = false;
  let value: T | undefined;
  const tracked = promise.then((v) => {
    done = true;
    value = v;
  });
  while (!done) {
    await Promise.race([tracked, channel.wait(), abort]);
    yield* channel.drain();
    if (!done && signal.aborted) return ABORTED;
  }
  yield* channel.drain();
  return value as T;
}

function onAbort(signal: AbortSignal): { promise: Promise<void>; dispose: () => void } {
  if (signal === NEVER_ABORTED) return { promise: new Promise<void>(() => {}), dispose: () => {} };
  let listener: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    listener = () => resolve();
    signal.addEventListener("abort", listener, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener("abort", listener) };
}

function toNodeResponse(
  taskId: string,
  nodeName: string,
  executionOrder: number,
  invoked: Invoked,
): NodeResponse {
  if (invoked.ok && isNodeResult(invoked.value)) {
    const { exitCode, output, references } = invoked.value;
    const response: NodeResponse = {
      parentTaskId: taskId,
      nodeName,
      executionOrder,
      exitCode,
      references: references ?? {},
    };
    if (output !== undefined) response.output = output;
    return response;
  }
  const error = invoked.ok
    ? {
        name: "NodeResultError",
        code: "NODE_FAILED",
        message: `Node "${nodeName}" returned ${describe(invoked.value)}; a node must return { exitCode: <integer>, output? }.`,
      }
    : errorData(invoked.error);
  return {
    parentTaskId: taskId,
    nodeName,
    executionOrder,
    exitCode: 1,
    references: { errors: [error] },
  };
}

function isNodeResult(
  value: unknown,
): value is { exitCode: number; output?: unknown; references?: NodeResponse["references"] } {
  return (
    typeof value === "object" &&
    value !== null &&
    Number.isInteger((value as { exitCode?: unknown }).exitCode)
  );
}

function errorData(error: unknown): { name: string; message: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string"
      ? { name: error.name, message: error.message, code }
      : { name: error.name, message: error.message };
  }
  return { name: "Error", message: String(error) };
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function applyOutput(
  task: AliceTask,
  run: RunState,
  response: NodeResponse,
): RunOutcome | undefined {
  if (response.output === undefined) return undefined;
  const converted = convertNodeOutput(
    task.inputSpec,
    response.nodeName,
    response.output,
    task.taskName,
  );
  if (!converted.success)
    return failure(converted.error.code, response.nodeName, converted.error.message);
  run.vars[response.nodeName] = converted.value[response.nodeName];
  return undefined;
}

function checkState(task: AliceTask, run: RunState, nodeName: string): RunOutcome | undefined {
  if (task.stateSchema === undefined) return undefined;
  const parsed = task.stateSchema.safeParse(run.state);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return failure(
    "STATE_INVALID",
    nodeName,
    `After node "${nodeName}", the state of task "${task.taskName}" no longer matches stateSchema: ${issue?.path.join(".") || "(state)"}: ${issue?.message}.`,
  );
}

function failure(code: ErrorCode, nodeName: string, message: string): RunOutcome {
  return { kind: "fail", error: { code, message, nodeName } };
}

function aborted(task: AliceTask, nodeName: string): RunOutcome {
  const error: TaskError = {
    code: "ABORTED",
    nodeName,
    message: `Task "${task.taskName}" was aborted at node "${nodeName}".`,
  };
  return { kind: "cancel", error };
}
