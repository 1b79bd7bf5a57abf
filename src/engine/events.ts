import type { ToolCall } from "../messages/message.ts";
import type { NodeResponse, TaskResponse, UserInteraction } from "./types.ts";

/** Fields every event carries: which task run it comes from. */
interface EventBase {
  taskName: string;
  runId: string;
}

/** A run started (or resumed). */
export interface TaskStartEvent extends EventBase {
  type: "task-start";
  parentRunId?: string;
  resumed: boolean;
}

/** A node is about to run. `attempt` is 1 + the retries already routed into it. */
export interface NodeStartEvent extends EventBase {
  type: "node-start";
  nodeName: string;
  executionOrder: number;
  attempt: number;
}

/** A node finished; `next` is where the routing sends the run (null: the run ends). */
export interface NodeEndEvent extends EventBase {
  type: "node-end";
  response: NodeResponse;
  next: string | null;
}

/** A retry-flagged route was taken into `nodeName`. */
export interface RetryEvent extends EventBase {
  type: "retry";
  nodeName: string;
  fromNode: string;
  attempt: number;
  maxAttempts: number;
}

/** The run paused for a user's answer. */
export interface CheckpointEvent extends EventBase {
  type: "checkpoint";
  interaction: UserInteraction;
}

/** Model text as it streams. */
export interface TextDeltaEvent extends EventBase {
  type: "text-delta";
  nodeName: string;
  delta: string;
}

/** The model's reasoning (thinking) as it streams; never part of the answer. */
export interface ReasoningDeltaEvent extends EventBase {
  type: "reasoning-delta";
  nodeName: string;
  delta: string;
}

/**
 * A structured answer as it streams: `value` is the JSON parsed so far (a partial object: the
 * last string may be cut short, keys still to come are absent). Not validated; the final answer
 * is, once.
 */
export interface ObjectDeltaEvent extends EventBase {
  type: "object-delta";
  nodeName: string;
  value: unknown;
}

/** The model asked for a tool call. */
export interface ToolCallEvent extends EventBase {
  type: "tool-call";
  nodeName: string;
  toolCall: ToolCall;
}

/** A tool call finished. */
export interface ToolResultEvent extends EventBase {
  type: "tool-result";
  nodeName: string;
  toolCallId: string;
  toolName: string;
  content: string;
  isError: boolean;
}

/** A model request failed and will be retried after `delayMs` (the provider's own retries). */
export interface ModelRetryEvent extends EventBase {
  type: "model-retry";
  nodeName: string;
  /** The attempt that failed (1 for the first request). */
  attempt: number;
  delayMs: number;
  code: string;
  message: string;
}

/** The run ended or paused; the last event of every run. */
export interface TaskEndEvent extends EventBase {
  type: "task-end";
  response: TaskResponse;
}

/** Every event a run emits: a discriminated union on `type`. */
export type TaskEvent =
  | TaskStartEvent
  | NodeStartEvent
  | NodeEndEvent
  | RetryEvent
  | CheckpointEvent
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ObjectDeltaEvent
  | ToolCallEvent
  | ToolResultEvent
  | ModelRetryEvent
  | TaskEndEvent;

/** An event as a node emits it: the engine stamps `taskName` and `runId`. */
export type NodeEvent =
  | Omit<TextDeltaEvent, keyof EventBase>
  | Omit<ReasoningDeltaEvent, keyof EventBase>
  | Omit<ObjectDeltaEvent, keyof EventBase>
  | Omit<ToolCallEvent, keyof EventBase>
  | Omit<ToolResultEvent, keyof EventBase>
  | Omit<ModelRetryEvent, keyof EventBase>;
