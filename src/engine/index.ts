export {
  AliceTask,
  type AliceTaskOptions,
  type ResumeStoredOptions,
  type RunTaskOptions,
  type SubclassDefinition,
} from "./alice-task.ts";
export type {
  CheckpointEvent,
  ModelRetryEvent,
  NodeEndEvent,
  NodeEvent,
  NodeStartEvent,
  ObjectDeltaEvent,
  ReasoningDeltaEvent,
  RetryEvent,
  TaskEndEvent,
  TaskEvent,
  TaskStartEvent,
  TextDeltaEvent,
  ToolCallEvent,
  ToolResultEvent,
} from "./events.ts";
export type { InputsOf, InputsType, RunInputs, TypedInputs } from "./input-types.ts";
export {
  EFFECT_OPTIONS,
  type EffectQuestion,
  type EffectResolution,
  type JournalRecord,
  type NodeJournal,
} from "./node-journal.ts";
export {
  type IntegrityKey,
  type SignedResponse,
  signResponse,
  verifyResponse,
} from "./response-integrity.ts";
export { taskResponseSchema } from "./response-schema.ts";
export { rootCause } from "./root-cause.ts";
export type { NodeContext, RunInfo, RunnableTask, RunThread } from "./runnable-task.ts";
export type { CompletedNode, NodeVerdict, RunSeams, SpanStart } from "./seams.ts";
export { seedResultCode } from "./seed-result-code.ts";
export type { TaskTool } from "./task-as-tool.ts";
export type { GraphCheckpoint, GraphEdge, TaskGraph } from "./task-graph.ts";
export type {
  NodeError,
  NodeResponse,
  NodeResult,
  PendingState,
  References,
  Route,
  TaskError,
  TaskResponse,
  TaskStatus,
  TasksEndCodeRouting,
  UserCheckpoint,
  UserInteraction,
  UserResponse,
  UserResponseInfo,
} from "./types.ts";
export { Workflow, type WorkflowOptions } from "./workflow.ts";
