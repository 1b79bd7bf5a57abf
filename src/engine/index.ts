export {
  AliceTask,
  type AliceTaskOptions,
  type RunTaskOptions,
  type SubclassDefinition,
} from "./alice-task.ts";
export type * from "./events.ts";
export type { InputsOf, InputsType, RunInputs, TypedInputs } from "./input-types.ts";
export { taskResponseSchema } from "./response-schema.ts";
export { rootCause } from "./root-cause.ts";
export type { NodeContext, RunInfo, RunnableTask } from "./runnable-task.ts";
export type { CompletedNode, NodeVerdict, RunSeams, SpanStart } from "./seams.ts";
export { seedResultCode } from "./seed-result-code.ts";
export type { TaskTool } from "./task-as-tool.ts";
export {
  type GraphCheckpoint,
  type GraphEdge,
  graphToMermaid,
  type TaskGraph,
  taskGraph,
} from "./task-graph.ts";
export type * from "./types.ts";
export { Workflow, type WorkflowOptions } from "./workflow.ts";
