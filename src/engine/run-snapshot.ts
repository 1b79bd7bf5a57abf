import type { UsageMetrics } from "../messages/usage.ts";
import type { RunState } from "./run-state.ts";
import type { TaskError, TaskStatus, UserInteraction } from "./types.ts";

/**
 * The snapshot stored with a run: its latest state, small, without the history (the run's
 * "node" events hold the history). With the events it rebuilds the run.
 */
export interface RunSnapshot {
  taskId: string;
  taskDescription: string;
  /** Task names from the root run down to this one. */
  taskPath: string[];
  taskInputs: Record<string, unknown>;
  state: Record<string, unknown>;
  interactions: UserInteraction[];
  /** Retry routes taken into each node. */
  retries: Record<string, number>;
  usage: UsageMetrics;
  /** Where the run continues: the node to run next; null when its routing ended it. */
  next: string | null;
  /** The node whose checkpoint was answered: it runs once without asking again. */
  gatePassed?: string;
  /** Why the run stops after its last stored node, when it does (a fatal result, a route). */
  stop?: { kind: "fail" | "cancel"; error: TaskError };
  /** The question the run waits on. */
  pending?: StoredPending;
  /** How the run ended (or paused): the parts of its response the events do not hold. */
  result?: StoredResult;
}

/** A pause as stored: a paused sub-task by its run id, an effect question by its journal key. */
export interface StoredPending {
  nodeName: string;
  interaction: UserInteraction;
  path: string[];
  childRunId?: string;
  effectKey?: string;
}

/** The parts of a finished or paused run's response that its events do not hold. */
export interface StoredResult {
  status: TaskStatus;
  resultCode: number;
  resultDiagnostic: string;
  taskOutputs: string;
  error?: TaskError;
  structuredOutput?: unknown;
}

/** What a durable run's first write needs to know about its task. */
export interface SnapshotSource {
  readonly id: string;
  readonly taskName: string;
  readonly taskDescription: string;
}

/** The run's state as a snapshot. */
export function snapshotOf(
  task: SnapshotSource,
  taskPath: readonly string[],
  run: RunState,
  at: Pick<RunSnapshot, "next" | "gatePassed" | "stop">,
): RunSnapshot {
  const snapshot: RunSnapshot = {
    taskId: task.id,
    taskDescription: task.taskDescription,
    taskPath: [...taskPath],
    taskInputs: run.taskInputs,
    state: run.state,
    interactions: run.interactions,
    retries: Object.fromEntries(run.retries),
    usage: run.usage,
    next: at.next,
  };
  if (at.gatePassed !== undefined) snapshot.gatePassed = at.gatePassed;
  if (at.stop !== undefined) snapshot.stop = at.stop;
  return snapshot;
}
