import { isAbsolute, relative, resolve } from "node:path";
import type { AliceTask } from "../engine/alice-task.ts";
import type { TaskGraph } from "../engine/task-graph.ts";
import { loadPromptDir } from "../prompts/load-prompt-dir.ts";
import type { PromptWarning } from "../prompts/prompt-warning.ts";
import { loadTask } from "../task-files/load-task.ts";
import { CliError } from "./cli-error.ts";
import type { CliIO } from "./cli-io.ts";
import { ExitCode } from "./exit-codes.ts";
import { loadToolsModule } from "./load-tools-module.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { placeholderLoadOptions } from "./placeholder-load-options.ts";
import { isFolder, writePromptErrors } from "./prompt-folder.ts";
import { shownPath } from "./shown-path.ts";

const VALIDATE_FLAGS = { tools: { type: "string" } } as const;

/**
 * `alice validate <task-file|prompts-dir>`: loads and checks a task file, printing a summary of
 * the task and its sub-tasks (problems are thrown as the loader's `TaskFileError`), or every
 * `.prompt` file of a folder (see `validatePromptDir`); the warnings of the templates go to
 * stderr (they do not change the exit code). Returns the exit code.
 */
export async function validateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("validate", argv, VALIDATE_FLAGS, {
    names: ["task-file|prompts-dir"],
  });
  const path = shownPath(positionals[0]!, io);
  if (await isFolder(path)) {
    if (values.tools !== undefined) {
      throw new CliError(
        "CLI_USAGE",
        "--tools checks the tools a task file names; a prompts folder has none to check",
        { command: "validate" },
      );
    }
    return validatePromptDir(path, io);
  }
  const tools =
    values.tools === undefined ? undefined : await loadToolsModule(values.tools, io.cwd);
  const { options, toolNames } = placeholderLoadOptions(tools);
  // A prompt file used by several tasks warns once.
  const warnings = new Set<string>();
  let task: AliceTask;
  try {
    task = await loadTask(resolve(io.cwd, positionals[0]!), {
      ...options,
      onWarning: (warning) => warnings.add(warningLine(warning, io.cwd)),
    });
  } finally {
    for (const line of warnings) io.stderr.write(`${line}\n`);
  }
  const inputs = Object.keys(task.inputVariables.properties).map((name) =>
    task.inputVariables.required?.includes(name) ? name : `${name}?`,
  );
  const lines = describe(task.toGraph(), "");
  if (inputs.length > 0) lines[0] += `; inputs: ${inputs.join(", ")}`;
  if (tools === undefined && toolNames.length > 0) {
    lines.push(`  tools named: ${toolNames.join(", ")} (not checked: pass --tools <module>)`);
  }
  io.stdout.write(`${lines.join("\n")}\n`);
  return ExitCode.complete;
}

/**
 * Loads every `.prompt` file of a folder: lists each prompt that loaded on stdout (exit 0), or
 * every file's problem on stderr as `file:line:column: message` (exit 2, as for a task file that
 * does not load); warnings go to stderr either way.
 */
async function validatePromptDir(dir: string, io: CliIO): Promise<number> {
  const warnings = new Set<string>();
  const registry = await loadPromptDir(dir, {
    signal: io.signal,
    onWarning: (warning) => warnings.add(warningLine(warning, io.cwd)),
  });
  for (const line of warnings) io.stderr.write(`${line}\n`);
  if (registry.errors.length > 0) {
    writePromptErrors(registry.errors, io);
    return ExitCode.usage;
  }
  const prompts = [...registry]
    .map((p) => (p.variant === undefined ? (p.id ?? p.name) : `${p.id ?? p.name} (${p.variant})`))
    .sort();
  const count = `${prompts.length} prompt${prompts.length === 1 ? "" : "s"}`;
  io.stdout.write(`✓ ${dir}: ${count}\n${prompts.map((p) => `  ${p}\n`).join("")}`);
  return ExitCode.complete;
}

/** `prompts/brief.prompt:3:3: warning: Prompt "brief" declares variable "tone" but …` */
function warningLine(warning: PromptWarning, cwd: string): string {
  const file =
    warning.filePath === undefined
      ? "(inline template)"
      : isAbsolute(warning.filePath)
        ? relative(cwd, warning.filePath)
        : warning.filePath;
  const where = warning.line === undefined ? "" : `:${warning.line}:${warning.column ?? 1}`;
  return `${file}${where}: warning: ${warning.message}`;
}

/** `✓ name (Type): 3 nodes, 5 routes (1 retry), 1 checkpoint`, then each sub-task indented. */
function describe(graph: TaskGraph, indent: string, node?: string): string[] {
  const count = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;
  const retries = graph.edges.filter((e) => e.retry).length;
  const parts = [
    count(graph.nodes.length, "node"),
    `${count(graph.edges.length, "route")}${retries > 0 ? ` (${count(retries, "retry", "retries")})` : ""}`,
  ];
  if (graph.checkpoints.length > 0) parts.push(count(graph.checkpoints.length, "checkpoint"));
  const subtasks = Object.entries(graph.subtasks);
  if (subtasks.length > 0) parts.push(count(subtasks.length, "sub-task"));
  const name = node === undefined ? graph.taskName : `${node}: ${graph.taskName}`;
  return [
    `${indent}✓ ${name} (${graph.taskType}): ${parts.join(", ")}`,
    ...subtasks.flatMap(([key, sub]) => describe(sub, `${indent}  `, key)),
  ];
}
