import { randomUUID } from "node:crypto";
import { plainCopy } from "../messages/json.ts";
import type { AliceTask } from "./alice-task.ts";
import { convertNodeOutput, resolveInputs } from "./inputs.ts";
import { failure, type RunOutcome } from "./run-outcome.ts";
import { RunState } from "./run-state.ts";
import type { NodeResponse, TaskResponse, UserResponse } from "./types.ts";

/** How a run begins: with inputs, or from a paused response and the user's answer. */
export type RunStart =
  | { kind: "fresh"; inputs: Readonly<Record<string, unknown>> }
  | { kind: "resume"; response: TaskResponse; answer: UserResponse };

/** A paused child run that the node about to run must resume. */
export interface ResumeChild {
  response: TaskResponse;
  answer: UserResponse;
  used: boolean;
}

/** A run ready for its first node. */
export interface PreparedRun {
  run: RunState;
  next: string | null;
  /** The node whose checkpoint was just answered: it runs once without asking again. */
  gatePassed?: string;
  resumeChild?: ResumeChild;
  /** Set when the run ends before any node (bad inputs, a rejecting answer). */
  stop?: RunOutcome;
}

/**
 * Builds a run's state: fresh from validated inputs, or rebuilt from a paused response (whose
 * history, variables, retry counts and interactions it restores) with the user's answer applied.
 */
export function prepareRun(
  task: AliceTask,
  start: RunStart,
  parentRunId: string | undefined,
): PreparedRun {
  if (start.kind === "fresh") {
    const resolved = resolveInputs(task.inputSpec, start.inputs, task.taskName);
    const run = new RunState({
      runId: randomUUID(),
      parentRunId,
      taskInputs: resolved.success ? resolved.value : readableCopy(start.inputs),
      state: freshState(task.initialState),
    });
    if (resolved.success) return { run, next: task.definition.startNode };
    return {
      run,
      next: null,
      stop: { kind: "fail", error: { code: resolved.error.code, message: resolved.error.message } },
    };
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
  if (next !== null) return { run, next, gatePassed: pending.nodeName };
  const label = interaction.options[answer.selectedOption] ?? String(answer.selectedOption);
  const message = `The user chose "${label}" at the checkpoint before node "${pending.nodeName}" of task "${task.taskName}", which ends the run.`;
  return {
    run,
    next,
    stop: {
      kind: "cancel",
      error: { code: "CHECKPOINT_CANCELLED", nodeName: pending.nodeName, message },
    },
  };
}

/** Makes a node's output the variable named after the node, converted to its declared type. */
export function applyOutput(
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

/** Checks the run's state against the task's `stateSchema` after a node. */
export function checkState(
  task: AliceTask,
  run: RunState,
  nodeName: string,
): RunOutcome | undefined {
  if (task.stateSchema === undefined) return undefined;
  const parsed = task.stateSchema.safeParse(run.state);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join(".") || "(state)";
  return failure(
    "STATE_INVALID",
    nodeName,
    `After node "${nodeName}", the state of task "${task.taskName}" no longer matches stateSchema: ${where}: ${issue?.message}.`,
  );
}

/** A run's own copy of the initial state (no clone for the common empty state: it is per run). */
function freshState(initial: Readonly<Record<string, unknown>>): Record<string, unknown> {
  for (const _ in initial) return structuredClone(initial) as Record<string, unknown>;
  return {};
}

/** The given inputs as plain data for the record of a failed run; nothing when they cannot be read. */
function readableCopy(inputs: unknown): Record<string, unknown> {
  try {
    const copy = plainCopy(inputs);
    return typeof copy === "object" && copy !== null && !Array.isArray(copy)
      ? (copy as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
