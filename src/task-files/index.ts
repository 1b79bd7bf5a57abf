export { type LoadTaskOptions, loadTask } from "./load-task.ts";
export type { TaskFactory, TaskFileOptions } from "./load-task-options.ts";
export { type ModelResolver, resolveModel } from "./resolve-model.ts";
export { TaskFileError, type TaskFileProblem } from "./task-file-error.ts";
export type { TaskFile } from "./task-file-schema.ts";
