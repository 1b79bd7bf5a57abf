import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { AliceTask } from "../engine/alice-task.ts";
import { loadYaml } from "../prompts/load-yaml.ts";
import type { ModelProvider } from "../providers/model-provider.ts";
import type { Tool } from "../tools/define-tool.ts";
import { buildTask, type TaskFactory } from "./build-task.ts";
import type { ModelResolver } from "./resolve-model.ts";
import { renameSeedKeys } from "./seed-keys.ts";
import { TaskFileError, type TaskFileProblem } from "./task-file-error.ts";
import { taskFileSchema } from "./task-file-schema.ts";

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
}

/**
 * Loads a task or workflow from a YAML or JSON file: its type, routing, checkpoints, inputs,
 * templates (inline or `.prompt` files), agent and model, tools by name from `options.tools`,
 * and sub-tasks (inline or by file path). The seed's snake_case task JSON loads too. Every
 * problem, in this file and the ones it names, is reported at once in a `TaskFileError` with
 * the file, the field path and what was expected.
 */
export async function loadTask(path: string, options: LoadTaskOptions = {}): Promise<AliceTask> {
  return loadTaskFile(resolve(path), options, []);
}

/** Loads one file; `stack` holds the files that include it (for cycles). */
export async function loadTaskFile(
  file: string,
  options: LoadTaskOptions,
  stack: readonly string[],
): Promise<AliceTask> {
  const shown = relative(process.cwd(), file) || file;
  if (stack.includes(file)) {
    const chain = [...stack, file].map((f) => relative(process.cwd(), f)).join(" → ");
    throw new TaskFileError([
      { file: shown, path: "", message: `the task files include each other: ${chain}` },
    ]);
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new TaskFileError([
      { file: shown, path: "", message: `cannot read the file (${(error as Error).message})` },
    ]);
  }
  const raw = await parseFile(text, file, shown);
  const parsed = taskFileSchema().safeParse(renameSeedKeys(raw));
  if (!parsed.success) {
    const problems: TaskFileProblem[] = parsed.error.issues.map((issue) => ({
      file: shown,
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    throw new TaskFileError(problems);
  }
  return buildTask(parsed.data, {
    file,
    shown,
    dir: dirname(file),
    options,
    stack: [...stack, file],
  });
}

async function parseFile(text: string, file: string, shown: string): Promise<unknown> {
  try {
    // yaml loads with the first task file, not with the package.
    return file.endsWith(".json") ? JSON.parse(text) : (await loadYaml()).parse(text);
  } catch (error) {
    // yaml's messages name the line and column already ("… at line 2, column 11:").
    const message = (
      error instanceof Error ? error.message.split("\n")[0]! : String(error)
    ).replace(/:$/, "");
    throw new TaskFileError([
      {
        file: shown,
        path: "",
        message: `not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${message}`,
      },
    ]);
  }
}
