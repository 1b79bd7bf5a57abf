import type { AliceTask } from "./alice-task.ts";
import type { NodeEvent } from "./events.ts";
import type { UserResponseInfo } from "./run-state.ts";
import type { NodeResponse, TaskResponse } from "./types.ts";

/** What a node method receives. */
export interface NodeContext<TInputs = Record<string, unknown>> {
  readonly taskName: string;
  readonly runId: string;
  readonly nodeName: string;
  /**
   * The run's variables: each input, replaced by the latest output of the node (or sub-task) of
   * the same name in this run, plus `userResponse` after a checkpoint was answered.
   */
  readonly inputs: Readonly<TInputs> & Readonly<Record<string, unknown>>;
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
  /** Emits an event to `onEvent` / the run's stream. */
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
