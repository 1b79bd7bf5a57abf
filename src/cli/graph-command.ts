import { resolve } from "node:path";
import { loadTask } from "../task-files/load-task.ts";
import { CliError } from "./cli-error.ts";
import type { CliIO } from "./cli-io.ts";
import { ExitCode } from "./exit-codes.ts";
import { loadToolsModule } from "./load-tools-module.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { placeholderLoadOptions } from "./placeholder-load-options.ts";

const GRAPH_FLAGS = {
  format: { type: "string", default: "mermaid" },
  tools: { type: "string" },
} as const;

/**
 * `alice graph <task-file> [--format mermaid|json]`: prints the routing graph (`toMermaid()` or
 * `toGraph()`), without loading a model; returns the exit code.
 */
export async function graphCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("graph", argv, GRAPH_FLAGS, {
    names: ["task-file"],
  });
  const format = values.format;
  if (format !== "mermaid" && format !== "json") {
    throw new CliError(
      "CLI_USAGE",
      `--format must be mermaid or json; got ${JSON.stringify(format)}`,
      {
        command: "graph",
      },
    );
  }
  const tools =
    values.tools === undefined ? undefined : await loadToolsModule(values.tools, io.cwd);
  const { options } = placeholderLoadOptions(tools);
  const task = await loadTask(resolve(io.cwd, positionals[0]!), options);
  io.stdout.write(
    format === "json" ? `${JSON.stringify(task.toGraph(), null, 2)}\n` : task.toMermaid(),
  );
  return ExitCode.complete;
}
