import type { z } from "zod";
import type { AliceAgent } from "../agents/alice-agent.ts";
import type { AliceTask, AliceTaskOptions } from "../engine/index.ts";
import type { Prompt } from "../prompts/prompt.ts";
import type { PromptWarningHandler } from "../prompts/prompt-warning.ts";
import type { LanguageModel } from "../providers/language-model.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { ModelResolver } from "./resolve-model.ts";
import type { TaskFile } from "./task-file-schema.ts";

/** Options of `loadTask`. */
export interface LoadTaskOptions {
  /** The tools task files may name (`tools: [search]`), by name or as a list. */
  tools?: Readonly<Record<string, Tool<unknown>>> | readonly Tool<unknown>[];
  /** Resolves `"provider:model"` strings. @default models.resolve (the default model registry) */
  resolveModel?: ModelResolver;
  /** One model for every agent, whatever the files say (e.g. the CLI's --model). */
  model?: LanguageModel;
  /**
   * Task types by the name files use in `type`, added to the built-in `PromptAgentTask`,
   * `CheckTask` and `Workflow`; an entry with a built-in's name replaces it. Your factory is
   * called only for a definition that resolved completely.
   */
  taskTypes?: Readonly<Record<string, TaskFactory>>;
  /**
   * Called with each warning of the templates the files use (`.prompt` files and inline ones):
   * unused variables, unknown frontmatter keys. Warnings never stop loading; they also stay on
   * each Prompt's `warnings`.
   */
  onWarning?: PromptWarningHandler;
}

/**
 * Everything a task file resolves to, for a task type's factory: the options every task takes
 * (a field the file leaves out is undefined, so the constructor's default applies), and the
 * parts agent tasks use.
 */
export interface TaskFileOptions extends AliceTaskOptions {
  /** The task file's fields as written (validated). */
  file: TaskFile;
  /**
   * The routing table; `{}` when the file has none. A type with a default routing of its own
   * reads `file.nodeEndCodeRouting`, which is undefined then.
   */
  nodeEndCodeRouting: AliceTaskOptions["nodeEndCodeRouting"];
  /** The file's templates, loaded. */
  templates: Readonly<Record<string, Prompt>>;
  /** The file's sub-tasks, loaded. */
  tasks: Readonly<Record<string, AliceTask>>;
  /** The agent of the file's `agent` block, when it has one. */
  agent: AliceAgent | undefined;
  /** The tools the file names in `tools`, from `loadTask`'s tools. */
  tools: readonly Tool<unknown>[];
  /** The file's `outputSchema` as the zod schema that checks answers. */
  outputSchema: z.ZodType | undefined;
}

/** Builds a task of one `type` from a file's resolved options. */
export type TaskFactory = (options: TaskFileOptions) => AliceTask;
