import type { AliceTask, AliceTaskOptions } from "../engine/alice-task.ts";
import type { PromptWarningHandler } from "../prompts/prompt-warning.ts";
import type { ModelProvider } from "../providers/model-provider.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { ModelResolver } from "./resolve-model.ts";
import type { TaskFile } from "./task-file-schema.ts";

/** Options of `loadTask`. */
export interface LoadTaskOptions {
  /** The tools task files may name (`tools: [search]`), by name or as a list. */
  tools?: Readonly<Record<string, Tool<unknown>>> | readonly Tool<unknown>[];
  /** Resolves `"provider:model"` strings. @default openai: and anthropic: through their subpaths */
  resolveModel?: ModelResolver;
  /** One model for every agent, whatever the files say (e.g. the CLI's --model). */
  model?: ModelProvider;
  /** Task types beyond PromptAgentTask, CheckTask and Workflow, by the name files use in `type`. */
  taskTypes?: Readonly<Record<string, TaskFactory>>;
  /**
   * Called with each warning of the templates the files use (`.prompt` files and inline ones):
   * unused variables, unknown frontmatter keys. Warnings never stop loading; they also stay on
   * each Prompt's `warnings`.
   */
  onWarning?: PromptWarningHandler;
}

/** Everything a task file resolves to, for a custom task type's factory. */
export interface TaskFileOptions extends AliceTaskOptions {
  /** The task file's fields as written (validated). */
  file: TaskFile;
}

/** Builds a custom task type from a file's resolved options. */
export type TaskFactory = (options: TaskFileOptions) => AliceTask;
