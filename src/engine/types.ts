import type { ErrorCode } from "../errors/codes.ts";
import type { JsonValue } from "../messages/json.ts";
import type { Message, ToolCall } from "../messages/message.ts";
import type { UsageMetrics } from "../messages/usage.ts";

/** `[next node or null to end, is this route a retry]`. */
export type Route = readonly [next: string | null, isRetry: boolean];

/** The routing table: `{ [node]: { [exitCode]: [next | null, isRetry] } }`. Plain JSON data. */
export type TasksEndCodeRouting = Readonly<Record<string, Readonly<Record<number, Route>>>>;

/** How a run ended (or that it is waiting for a user). */
export type TaskStatus = "complete" | "failed" | "pending" | "cancelled";

/** An error recorded in a node's references: what a node threw, as data. */
export interface NodeError {
  name: string;
  message: string;
  code?: string;
}

/** What a node produced besides its output: messages, tool calls, sub-task responses, errors. */
export interface References {
  messages?: Message[];
  toolCalls?: ToolCall[];
  taskResponses?: TaskResponse[];
  userInteractions?: UserInteraction[];
  errors?: NodeError[];
  /** Anything else a node wants recorded (must be JSON-serialisable). */
  data?: Record<string, JsonValue>;
}

/** What a node method returns: the engine fills in the rest of the `NodeResponse`. */
export interface NodeResult {
  exitCode: number;
  /** The node's value: becomes the variable named after the node. Must be JSON-serialisable. */
  output?: unknown;
  references?: References;
  /**
   * Ends the run at once, `failed` with this error, after recording the node: for failures no
   * retry can fix (a rejected API key, a model that keeps failing after its own retries).
   */
  fatal?: { code: ErrorCode; message: string };
}

/** One executed node in a run's history. */
export interface NodeResponse {
  /** Id of the task that ran the node. */
  parentTaskId: string;
  nodeName: string;
  /** Position in this run's history, from 0. */
  executionOrder: number;
  exitCode: number;
  output?: unknown;
  references: References;
}

/** A pause before a node, waiting for a user's choice. Seed: `UserCheckpoint`. */
export interface UserCheckpoint {
  userPrompt: string;
  /** Option number → label. @default { 0: "approve", 1: "reject" } */
  options?: Readonly<Record<number, string>>;
  /** Option number → node to continue with, or null to end the run `cancelled`. */
  taskNextObj: Readonly<Record<number, string | null>>;
  /** Whether to ask the user for free-text feedback along with the choice. @default false */
  requestFeedback?: boolean;
}

/** A user's answer as nodes and templates see it (variable `userResponse`). */
export interface UserResponseInfo {
  /** The node whose checkpoint was answered. */
  nodeName: string;
  selectedOption: number;
  /** The label of the chosen option, e.g. "approve". */
  option: string;
  feedback: string | undefined;
}

/** A user's answer to a checkpoint. */
export interface UserResponse {
  selectedOption: number;
  feedback?: string;
}

/** A checkpoint question put to the user, and the answer once given. */
export interface UserInteraction {
  /** Task that asked. */
  taskName: string;
  /** Node the checkpoint guards. */
  nodeName: string;
  userPrompt: string;
  options: Record<number, string>;
  requestFeedback: boolean;
  /** Length of the asking run's history when it paused. */
  executionOrder: number;
  response?: UserResponse;
}

/** Where a pending run stopped, enough to resume it. */
export interface PendingState {
  /** The node the run will continue at (its checkpoint, or the node whose sub-task paused). */
  nodeName: string;
  /** The question to answer: the innermost one when a sub-task paused. */
  interaction: UserInteraction;
  /** Task names from this task down to the one that asked. */
  path: string[];
  /** The paused sub-task's response, when the pause happened inside a sub-task. */
  child?: TaskResponse;
}

/** Why a run failed or was cancelled, as data: the root cause, wherever it arose. */
export interface TaskError {
  code: ErrorCode;
  message: string;
  /** The node where it arose (in the innermost task of `path`). */
  nodeName?: string;
  /**
   * Task names from the run's own task down to the task where the error arose: `["research"]`
   * when it arose in this task, `["research", "check"]` when a Workflow's sub-task failed.
   */
  path?: string[];
  /**
   * What made this happen, when the code names how the run ended rather than why: the last
   * attempt's failure under `MAX_ATTEMPTS_EXCEEDED`.
   */
  cause?: TaskError;
}

/**
 * Everything a run produced. Plain JSON: `JSON.parse(JSON.stringify(r))` loses nothing.
 * `TOutput` is the type of `structuredOutput` (an agent's zod `outputSchema` gives it).
 */
export interface TaskResponse<TOutput = unknown> {
  schemaVersion: 1;
  taskId: string;
  /** Unique per run; a sub-task's run links to its parent through `parentRunId`. */
  runId: string;
  parentRunId?: string;
  taskName: string;
  taskDescription: string;
  status: TaskStatus;
  resultCode: number;
  resultDiagnostic: string;
  error?: TaskError;
  taskInputs: Record<string, unknown>;
  /** The output_template rendered, else the last node's output as text. */
  taskOutputs: string;
  /** A structured result, for tasks that produce one (e.g. an agent with an outputSchema). */
  structuredOutput?: TOutput;
  /** The run's history: every executed node in order. */
  nodeReferences: NodeResponse[];
  /** Every checkpoint question of this run, answered or pending. */
  userInteractions: UserInteraction[];
  /** The run's state (see `stateSchema`), when the task keeps one. */
  state?: Record<string, unknown>;
  usageMetrics: UsageMetrics;
  /** Present exactly when `status` is `"pending"`. */
  pending?: PendingState;
}
