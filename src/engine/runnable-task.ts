import type { z } from "zod";
import type { RunStore } from "../stores/run-store.ts";
import type { CompiledDefinition } from "./definition.ts";
import type { NodeEvent } from "./events.ts";
import type { InputsOf, InputsType } from "./input-types.ts";
import type { InputSpec } from "./inputs.ts";
import type { NodeJournal } from "./node-journal.ts";
import type { SpanStart } from "./seams.ts";
import type {
  NodeResponse,
  NodeResult,
  TaskResponse,
  UserCheckpoint,
  UserResponseInfo,
} from "./types.ts";

/** What the `setup()` and `cleanup()` hooks of a task receive. */
export interface RunInfo {
  readonly runId: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly state: Record<string, unknown>;
  readonly signal: AbortSignal;
}

/**
 * The chat thread a durable run belongs to: `run(inputs, { store, threadId })`. The run is
 * stored with its `threadId` (`listRuns({ threadId })`), and a thread has one run in progress at
 * a time. A PromptAgentTask reads the thread's earlier conversation from the store.
 */
export interface RunThread {
  readonly threadId: string;
  /** The store the run is in, where the thread's earlier runs are. */
  readonly store: RunStore;
  /**
   * The `historyWindow` given to the `run()`, `stream()` or `resume()` call that is driving the
   * run, if any: how many messages of earlier turns a task that keeps a conversation sends.
   */
  readonly historyWindow: number | undefined;
}

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
  /** This run's history, oldest first (the same array for the whole run). */
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
  /** Whether the run has a tracer: `trace()` wraps calls in its spans only then. */
  readonly tracing: boolean;
  /**
   * Runs `call` inside a span of the run's tracer (a model call, a tool call), or just runs it
   * when the run has none.
   */
  trace<T>(span: SpanStart, call: () => Promise<T>): Promise<T>;
  /**
   * The journal of this node execution when the run is durable (run with a `store`): record a
   * side effect under a key that stays the same when a resumed run executes this node again.
   * Undefined when the run has no store. Agents journal their model and tool calls here.
   */
  readonly journal?: NodeJournal | undefined;
  /**
   * The chat thread of the run, when it was started with a `store` and a `threadId` (also when
   * it is resumed). Undefined otherwise, and in sub-task runs.
   */
  readonly thread?: RunThread | undefined;
  /**
   * Runs another task as a child of this run: fresh history, linked ids, events forwarded,
   * abort passed down. If the child pauses at a checkpoint, this run pauses too, and
   * `resume()` continues inside the child. In a durable run the child is stored too, under an
   * id made from this run's, this node's position and `key` (default: the child's position
   * among those this execution starts), so a resumed run continues it instead of starting over.
   */
  runSubtask(
    task: RunnableTask,
    inputs?: Readonly<Record<string, unknown>>,
    options?: { key?: string },
  ): Promise<TaskResponse>;
}

/**
 * A task as the engine sees it: a checked routing definition, declared inputs, checkpoints and
 * limits, and the hooks it calls. Every engine file depends on this, never on the user-facing
 * `AliceTask` class, which implements it.
 */
export interface RunnableTask {
  readonly id: string;
  readonly taskName: string;
  readonly taskDescription: string;
  /** The routing table, checked and compiled. */
  readonly definition: CompiledDefinition;
  readonly inputSpec: InputSpec;
  readonly userCheckpoints: Readonly<Record<string, UserCheckpoint>>;
  readonly recursive: boolean;
  readonly maxAttempts: number;
  readonly maxNodeExecutions: number;
  readonly exitCodes: Readonly<Record<number, string>>;
  readonly successCodes: readonly number[];
  readonly stateSchema: z.ZodType | undefined;
  readonly initialState: Readonly<Record<string, unknown>>;
  /** Renders `taskOutputs` from the run's variables, when the task has an output template. */
  readonly outputTemplate:
    | { renderUnchecked(vars: Readonly<Record<string, unknown>>): string }
    | undefined;
  /** Runs one node. */
  executeNode(nodeName: string, ctx: NodeContext): Promise<NodeResult> | NodeResult;
  /** Called before a run's first node (and on resume). */
  setup(run: RunInfo): Promise<void> | void;
  /** Called however a run ends or pauses. */
  cleanup(run: RunInfo, response: TaskResponse | undefined): Promise<void> | void;
  /** The `resultCode` of a run that ended by its routing. */
  mapFinalExitCode(history: readonly NodeResponse[]): number;
  /** The run's structured result, if the task produces one. */
  structuredOutput(history: readonly NodeResponse[]): unknown;
  /** The sub-task a node runs, when the task knows it (a Workflow's node). */
  subtaskForNode(nodeName: string): RunnableTask | undefined;
}
