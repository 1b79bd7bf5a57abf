import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Tool } from "../tools/define-tool.ts";
import { CliError } from "./cli-error.ts";

/**
 * Imports a `--tools` module and collects its tools: every export made with `defineTool`, and a
 * default export that is a record or list of them. Two different tools of one name, a module
 * that fails to import, or one that exports no tool is a `CLI_TOOLS_INVALID` error. Importing
 * runs the module's code, so `path` is only ever one the user typed (`--tools`), never one read
 * from a file (a pending response's `"alice"` field names its module only to be shown).
 */
export async function loadToolsModule(path: string, cwd: string): Promise<Tool<unknown>[]> {
  const file = resolve(cwd, path);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CliError("CLI_TOOLS_INVALID", `--tools ${path}: cannot import it (${why})`);
  }
  const found: Tool<unknown>[] = [];
  for (const [name, value] of Object.entries(exports)) {
    if (isTool(value)) found.push(value);
    else if (name === "default" && Array.isArray(value)) found.push(...value.filter(isTool));
    else if (name === "default" && typeof value === "object" && value !== null)
      found.push(...Object.values(value).filter(isTool));
  }
  const byName = new Map<string, Tool<unknown>>();
  for (const tool of found) {
    const seen = byName.get(tool.name);
    if (seen !== undefined && seen !== tool)
      throw new CliError(
        "CLI_TOOLS_INVALID",
        `--tools ${path}: two different tools are named "${tool.name}"`,
      );
    byName.set(tool.name, tool);
  }
  if (byName.size === 0) {
    throw new CliError(
      "CLI_TOOLS_INVALID",
      `--tools ${path}: the module exports no tools (export defineTool() tools, or a default record or list of them)`,
    );
  }
  return [...byName.values()];
}

/** A tool as `defineTool` makes it (checked by shape, so tools from another copy count too). */
function isTool(value: unknown): value is Tool<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const tool = value as Record<string, unknown>;
  return (
    typeof tool.name === "string" &&
    typeof tool.execute === "function" &&
    typeof tool.parameters === "object" &&
    typeof (tool.schema as { safeParse?: unknown } | undefined)?.safeParse === "function"
  );
}
