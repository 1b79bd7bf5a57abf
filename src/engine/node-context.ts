import { AliceError } from "../errors/alice-error.ts";
import type { Durability, DurableRun } from "./durable-run.ts";
import type { NodeEvent, TaskEvent } from "./events.ts";
import type { EffectQuestion, NodeJournal } from "./node-journal.ts";
import type { RunState } from "./run-state.ts";
import type { NodeContext, RunnableTask, RunThread } from "./runnable-task.ts";
import type { RunSeams, SpanStart } from "./seams.ts";
import type { NodeResponse, TaskResponse, UserResponse, UserResponseInfo } from "./types.ts";

/** A paused child run that the node about to run must resume. */
export interface ResumeChild {
  response: TaskResponse;
  answer: UserResponse;
  used: boolean;
}

/**
 * What one node execution leaves for the engine to act on: sub-task runs that paused or were
 * cancelled, and in a durable run a question about an unfinished side effect, or a sub-task run
 * another process holds (why it could not be continued).
 */
export interface ChildOutcomes {
  pending?: TaskResponse;
  cancelled?: TaskResponse;
  effect?: EffectQuestion;
  busy?: string;
}

/** How a child run starts: fresh with inputs, or resuming a paused response with an answer. */
export type ChildStart =
  | { kind: "fresh"; inputs: Readonly<Record<string, unknown>> }
  | { kind: "resume"; response: TaskResponse; answer: UserResponse };

/** Runs a child task to its end, passing each of its events on: the run loop, handed down. */
export type ChildRunner = (
  task: RunnableTask,
  start: ChildStart,
  options: {
    signal: AbortSignal;
    parentRunId: string;
    listening: boolean;
    seams: RunSeams;
    /** A durable run's child: stored under this id, in the same store. */
    runId?: string;
    durability?: Durability;
  },
  onEvent: (event: TaskEvent) => void,
) => Promise<TaskResponse>;

/** Which node execution a context is for. */
export interface NodeExecution {
  nodeName: string;
  /** The node's position in the run's history. */
  executionOrder: number;
  attempt: number;
  signal: AbortSignal;
  listening: boolean;
  seams: RunSeams;
  resumeChild: ResumeChild | undefined;
  children: ChildOutcomes;
  runChild: ChildRunner;
  /** The run's side of its store, when it has one. */
  durable: DurableRun | undefined;
}

/**
 * The context one node execution receives. A class, so a node costs one object and no
 * closures; what the node may not touch stays private.
 */
export class RunNodeContext implements NodeContext {
  readonly taskName: string;
  readonly nodeName: string;
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly streaming: boolean;
  readonly #run: RunState;
  readonly #execution: NodeExecution;
  #journal: NodeJournal | undefined;
  /** Sub-task runs this execution started: the key of a child started without one. */
  #childCount = 0;

  constructor(task: RunnableTask, run: RunState, execution: NodeExecution) {
    this.taskName = task.taskName;
    this.nodeName = execution.nodeName;
    this.attempt = execution.attempt;
    this.signal = execution.signal;
    this.streaming = execution.listening;
    this.#run = run;
    this.#execution = execution;
  }

  get runId(): string {
    return this.#run.runId;
  }

  get inputs(): Readonly<Record<string, unknown>> {
    return this.#run.vars;
  }

  get executionHistory(): readonly NodeResponse[] {
    return this.#run.history;
  }

  get nodeResponses(): Readonly<Record<string, NodeResponse>> {
    return this.#run.latest;
  }

  get state(): Record<string, unknown> {
    return this.#run.state;
  }

  get userResponse(): UserResponseInfo | undefined {
    return this.#run.latestUserResponse();
  }

  get tracing(): boolean {
    return this.#execution.seams.trace !== undefined;
  }

  get journal(): NodeJournal | undefined {
    const { durable, nodeName, executionOrder, attempt, children } = this.#execution;
    if (durable === undefined) return undefined;
    this.#journal ??= durable.journal(nodeName, executionOrder, attempt, (question) => {
      children.effect ??= question;
    });
    return this.#journal;
  }

  get thread(): RunThread | undefined {
    return this.#execution.durable?.thread;
  }

  emit(event: NodeEvent): void {
    // A run nobody listens to builds and queues no events.
    if (!this.streaming) return;
    this.#run.channel.push({ ...event, taskName: this.taskName, runId: this.#run.runId });
  }

  trace<T>(span: SpanStart, call: () => Promise<T>): Promise<T> {
    const { trace } = this.#execution.seams;
    return trace === undefined ? call() : trace(span, call);
  }

  async runSubtask(
    task: RunnableTask,
    inputs: Readonly<Record<string, unknown>> = this.#run.vars,
    options: { key?: string } = {},
  ): Promise<TaskResponse> {
    const { children, resumeChild, signal, listening, seams, runChild, durable } = this.#execution;
    const key = options.key ?? String(this.#childCount);
    this.#childCount++;
    if (children.pending !== undefined) {
      throw new AliceError(
        "NODE_FAILED",
        `Node "${this.nodeName}" started a sub-task after "${children.pending.taskName}" paused; return instead.`,
      );
    }
    const resuming =
      resumeChild !== undefined &&
      !resumeChild.used &&
      resumeChild.response.taskName === task.taskName;
    let start: ChildStart = { kind: "fresh", inputs };
    if (resuming) {
      start = { kind: "resume", response: resumeChild.response, answer: resumeChild.answer };
      resumeChild.used = true;
    }
    const channel = this.#run.channel;
    const stored = durable?.childRun(this.#execution.executionOrder, this.nodeName, key);
    let response: TaskResponse;
    try {
      response = await runChild(
        task,
        start,
        { signal, parentRunId: this.#run.runId, listening, seams, ...stored },
        (event) => channel.push(event),
      );
    } catch (error) {
      if (AliceError.isInstance(error) && error.code === "RUN_CONFLICT")
        children.busy ??= error.message;
      throw error;
    }
    if (response.status === "pending") children.pending = response;
    else if (response.status === "cancelled") children.cancelled = response;
    return response;
  }
}
