import { isAbsolute, relative, resolve } from "node:path";
import type { AliceTask } from "../engine/alice-task.ts";
import type { TaskGraph } from "../engine/task-graph.ts";
import type { PromptWarning } from "../prompts/prompt-warning.ts";
import { loadTask } from "../task-files/load-task.ts";
import type { CliIO } from "./cli-io.ts";
import { ExitCode } from "./exit-codes.ts";
import { loadToolsModule } from "./load-tools-module.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { placeholderLoadOptions } from "./placeholder-load-options.ts";

const VALIDATE_FLAGS = { tools: { type: "string" } } as const;

/**
 * `alice validate <task-file>`: loads and checks a task file, printing a summary of the task
 * and its sub-tasks (problems are thrown as the loader's `TaskFileError`), and the warnings of
 * the templates it uses on stderr (they do not change the exit code); returns the exit code.
 */
export async function validateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("validate", argv, VALIDATE_FLAGS, {
    names: ["task-file"],
  });
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
