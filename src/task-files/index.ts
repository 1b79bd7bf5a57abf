export type { TaskFactory, TaskFileOptions } from "./build-task.ts";
export { type LoadTaskOptions, loadTask } from "./load-task.ts";
export { type ModelResolver, parseModelSpec, resolveModel } from "./resolve-model.ts";
export { TaskFileError, type TaskFileProblem } from "./task-file-error.ts";
export type { TaskFile } from "./task-file-schema.ts";
