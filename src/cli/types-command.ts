import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadPromptDir } from "../prompts/load-prompt-dir.ts";
import { generatePromptTypes, type PromptTypeNames } from "../prompts/prompt-types.ts";
import { CliError } from "./cli-error.ts";
import type { CliIO } from "./cli-io.ts";
import { ExitCode } from "./exit-codes.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { isFolder, writePromptErrors } from "./prompt-folder.ts";
import { shownPath } from "./shown-path.ts";

const TYPES_FLAGS = {
  out: { type: "string" },
  check: { type: "boolean" },
} as const;

/** The file `alice types <dir>` writes when `--out` is not given. */
export const DEFAULT_TYPES_FILE = "prompts.d.ts";

/**
 * `alice types <prompts-dir> [--out file] [--check]`: writes the TypeScript declarations of a
 * folder of `.prompt` files (default `<prompts-dir>/prompts.d.ts`, `-` for stdout), or with
 * `--check` says whether the file is up to date (exit 1 when not). A folder with a prompt that
 * does not load exits 2 and lists every problem.
 */
export async function typesCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("types", argv, TYPES_FLAGS, {
    names: ["prompts-dir"],
  });
  const dir = shownPath(positionals[0]!, io);
  if (!(await isFolder(dir))) {
    throw new CliError("CLI_FILE_INVALID", `${dir}: not a folder of .prompt files`, {
      command: "types",
    });
  }
  // Types for part of a folder would look complete: any file that does not load stops it.
  const registry = await loadPromptDir(dir, { signal: io.signal });
  if (registry.errors.length > 0) {
    writePromptErrors(registry.errors, io);
    return ExitCode.usage;
  }
  const { text, prompts } = await generatePromptTypes(registry);
  if (prompts.length === 0) {
    throw new CliError("CLI_FILE_INVALID", `${dir}: no .prompt files (partials aside)`, {
      command: "types",
    });
  }
  const out = values.out ?? join(dir, DEFAULT_TYPES_FILE);
  if (out === "-") {
    io.stdout.write(text);
    return ExitCode.complete;
  }
  const path = shownPath(out, io);
  const current = await readFile(path, "utf8").catch(() => undefined);
  if (values.check === true) {
    if (current === text) {
      io.stdout.write(`✓ ${path} is up to date (${count(prompts.length)})\n`);
      return ExitCode.complete;
    }
    const why = current === undefined ? "does not exist" : "is out of date";
    io.stderr.write(
      `alice types: ${path} ${why}: run alice types ${dir}${values.out === undefined ? "" : ` --out ${values.out}`}\n`,
    );
    return ExitCode.failed;
  }
  if (current !== text) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
  const verb = current === text ? "unchanged" : "wrote";
  io.stdout.write(`${verb} ${path} (${count(prompts.length)})\n${summary(prompts)}`);
  return ExitCode.complete;
}

/** One line per prompt: `  greet (formal)  GreetFormalInput → GreetFormalOutput`. */
function summary(prompts: readonly PromptTypeNames[]): string {
  const labels = prompts.map((p) => (p.variant === undefined ? p.id : `${p.id} (${p.variant})`));
  const width = Math.max(...labels.map((l) => l.length));
  return prompts
    .map((p, i) => `  ${labels[i]!.padEnd(width)}  ${p.input} → ${p.output}\n`)
    .join("");
}

function count(n: number): string {
  return `${n} prompt${n === 1 ? "" : "s"}`;
}
