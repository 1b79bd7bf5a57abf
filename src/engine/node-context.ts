import type { AliceTask } from "./alice-task.ts";
import type { NodeEvent } from "./events.ts";
import type { InputsOf, InputsType } from "./input-types.ts";
import type { ResumeChild, RunStart } from "./prepare-run.ts";
import { runTask } from "./run-loop.ts";
import type { RunState, UserResponseInfo } from "./run-state.ts";
import type { NodeResponse, TaskResponse } from "./types.ts";

/** What a node method receives. */
export interface NodeContext<TInputs extends InputsType = Record<string, unknown>> {
  readonly taskName: string;
  readonly runId: string;
  readonly nodeName: string;
  /**
   * The run's variables: each input, replaced by the latest output of the node (or sub-task) of
   * the same name in this run, plus `userResponse` after a checkpoint was answered.
   */
  readonly inputs: Readonly<InputsOf<TInputs>> & Readonly<Record<string, unknown>>;
  /** This run's history, oldest first. */
  readonly executionHistory: readonly NodeResponse[];
  /** The latest response of each node in this run, by node name. */
  readonly nodeResponses: Readonly<Record<string, NodeResponse>>;
  /** 1 + the retry routes taken into this node in this run. */
  readonly attempt: number;
  /** The run's state: mutable, kept across nodes and across a pause (JSON-serialisable values). */
  readonly state: Record<string, unknown>;
  /** The latest checkpoint answer of this run, if any. */
  readonly userResponse: UserResponseInfo | undefined;
  /** Fires when the run is aborted: pass it to every fetch, tool and wait. */
  readonly signal: AbortSignal;
  /** Whether someone receives events as they happen (the run was streamed or has `onEvent`). */
  readonly streaming: boolean;
  /** Emits an event to `onEvent` / the run's stream (dropped when nobody listens: see `streaming`). */
  emit(event: NodeEvent): void;
  /**
   * Runs another task as a child of this run: fresh history, linked ids, events forwarded,
   * abort passed down. If the child pauses at a checkpoint, this run pauses too, and
   * `resume()` continues inside the child.
   */
  runSubtask(task: AliceTask, inputs?: Readonly<Record<string, unknown>>): Promise<TaskResponse>;
}

/** What the `setup()` and `cleanup()` hooks of a task receive. */
export interface RunInfo {
  readonly runId: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly state: Record<string, unknown>;
  readonly signal: AbortSignal;
}

/** Sub-task runs started by one node that paused or were cancelled: the engine acts on them. */
export interface ChildOutcomes {
  pending?: TaskResponse;
  cancelled?: TaskResponse;
}

/** Which node execution a context is for. */
export interface NodeExecution {
  nodeName: string;
  attempt: number;
  signal: AbortSignal;
  listening: boolean;
  resumeChild: ResumeChild | undefined;
  children: ChildOutcomes;
}

/** Builds the context one node execution receives. */
export function createNodeContext(
  task: AliceTask,
  run: RunState,
  execution: NodeExecution,
): NodeContext {
  const { nodeName, attempt, signal, listening, resumeChild, children } = execution;
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
    streaming: listening,
    emit: listening
      ? (event) => run.channel.push({ ...event, taskName: task.taskName, runId: run.runId })
      : ignoreEvent,
    runSubtask: async (subtask, inputs = run.vars) => {
      if (children.pending !== undefined) {
        throw new Error(
          `Node "${nodeName}" started a sub-task after "${children.pending.taskName}" paused; return instead.`,
        );
      }
      const resuming =
        resumeChild !== undefined &&
        !resumeChild.used &&
        resumeChild.response.taskName === subtask.taskName;
      const start: RunStart = resuming
        ? { kind: "resume", response: resumeChild.response, answer: resumeChild.answer }
        : { kind: "fresh", inputs };
      if (resuming) resumeChild.used = true;
      const child = runTask(subtask, start, { signal, parentRunId: run.runId, listening });
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

/** `emit` of a run nobody listens to: events are not built up or queued. */
function ignoreEvent(_event: NodeEvent): void {}
