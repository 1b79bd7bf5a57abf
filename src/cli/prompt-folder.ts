import { stat } from "node:fs/promises";
import type { PromptError } from "../prompts/prompt-error.ts";
import type { CliIO } from "./cli-io.ts";

/** True when `path` is a folder (which `types` and `validate` read as a folder of .prompt files). */
export function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Writes each error of a prompts folder on stderr: `file:line:column: message`, one per line. */
export function writePromptErrors(errors: readonly PromptError[], io: CliIO): void {
  for (const error of errors) io.stderr.write(`${error.message.replace(/\n/g, "\n    ")}\n`);
}
