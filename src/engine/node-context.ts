import { AliceError } from "../errors/alice-error.ts";
import type { NodeEvent, TaskEvent } from "./events.ts";
import type { RunState } from "./run-state.ts";
import type { NodeContext, RunnableTask } from "./runnable-task.ts";
import type { RunSeams, SpanStart } from "./seams.ts";
import type { NodeResponse, TaskResponse, UserResponse, UserResponseInfo } from "./types.ts";

/** A paused child run that the node about to run must resume. */
export interface ResumeChild {
  response: TaskResponse;
  answer: UserResponse;
  used: boolean;
}

/** Sub-task runs started by one node that paused or were cancelled: the engine acts on them. */
export interface ChildOutcomes {
  pending?: TaskResponse;
  cancelled?: TaskResponse;
}

/** How a child run starts: fresh with inputs, or resuming a paused response with an answer. */
export type ChildStart =
  | { kind: "fresh"; inputs: Readonly<Record<string, unknown>> }
  | { kind: "resume"; response: TaskResponse; answer: UserResponse };

/** Runs a child task to its end, passing each of its events on: the run loop, handed down. */
export type ChildRunner = (
  task: RunnableTask,
  start: ChildStart,
  options: { signal: AbortSignal; parentRunId: string; listening: boolean; seams: RunSeams },
  onEvent: (event: TaskEvent) => void,
) => Promise<TaskResponse>;

/** Which node execution a context is for. */
export interface NodeExecution {
  nodeName: string;
  attempt: number;
  signal: AbortSignal;
  listening: boolean;
  seams: RunSeams;
  resumeChild: ResumeChild | undefined;
  children: ChildOutcomes;
  runChild: ChildRunner;
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
  ): Promise<TaskResponse> {
    const { children, resumeChild, signal, listening, seams, runChild } = this.#execution;
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
    const response = await runChild(
      task,
      start,
      { signal, parentRunId: this.#run.runId, listening, seams },
      (event) => channel.push(event),
    );
    if (response.status === "pending") children.pending = response;
    else if (response.status === "cancelled") children.cancelled = response;
    return response;
  }
}
