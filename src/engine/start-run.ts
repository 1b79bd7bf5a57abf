import { randomUUID } from "node:crypto";
import { plainCopy } from "../messages/json.ts";
import { resolveInputs } from "./inputs.ts";
import type { ResumeChild } from "./node-context.ts";
import type { RunOutcome } from "./run-outcome.ts";
import { RunState } from "./run-state.ts";
import type { RunnableTask } from "./runnable-task.ts";

/** A run ready for its first node: fresh, or resumed (see `resumeRun`). */
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
 * Starts a fresh run: validates the inputs (an invalid one ends the run before any node, with
 * the inputs kept as given where they can be read) and puts the run at the start node.
 * `runId` is the caller's (a durable run's), else a random UUID.
 */
export function startRun(
  task: RunnableTask,
  inputs: Readonly<Record<string, unknown>>,
  parentRunId: string | undefined,
  runId: string = randomUUID(),
): PreparedRun {
  const resolved = resolveInputs(task.inputSpec, inputs, task.taskName);
  const run = new RunState({
    runId,
    parentRunId,
    taskInputs: resolved.success ? resolved.value : readableCopy(inputs),
    state: freshState(task.initialState),
  });
  if (resolved.success) return { run, next: task.definition.startNode };
  return {
    run,
    next: null,
    stop: { kind: "fail", error: { code: resolved.error.code, message: resolved.error.message } },
  };
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
