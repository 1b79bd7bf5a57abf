import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { AliceTask } from "../engine/index.ts";
import { loadYaml } from "../prompts/load-yaml.ts";
import { buildTask } from "./build-task.ts";
import type { LoadTaskOptions } from "./load-task-options.ts";
import { readDefinition } from "./read-definition.ts";
import { TaskFileError } from "./task-file-error.ts";

export type { LoadTaskOptions } from "./load-task-options.ts";

/**
 * Loads a task or workflow from a YAML or JSON file: its type, routing, checkpoints, inputs,
 * templates (inline or `.prompt` files), agent and model, tools by name from `options.tools`,
 * and sub-tasks (inline or by file path). Project Alice's snake_case task JSON loads too. Every
 * problem, in this file and the ones it names, is reported at once in a `TaskFileError` with
 * the file, the field path and what was expected: unknown keys (with the key they resemble),
 * invalid values, parts that do not resolve, and routing the task's constructor refuses.
 */
export async function loadTask(path: string, options: LoadTaskOptions = {}): Promise<AliceTask> {
  return loadTaskFile(resolve(path), options, []);
}

/** Loads one file; `stack` holds the files that include it (for cycles). */
async function loadTaskFile(
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
  const read = readDefinition(raw, shown, "");
  if (read.def === undefined) throw new TaskFileError(read.problems);
  const stacked = [...stack, file];
  return buildTask(
    { ...read, def: read.def },
    {
      file,
      shown,
      dir: dirname(file),
      options,
      stack: stacked,
      loadFile: (sub) => loadTaskFile(sub, options, stacked),
    },
  );
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
