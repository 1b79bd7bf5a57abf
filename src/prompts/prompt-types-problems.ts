import { readdir } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { AliceError } from "../errors/alice-error.ts";
import { loadPromptDir } from "./load-prompt-dir.ts";
import { PromptEnvironment } from "./prompt-environment.ts";
import type { PromptError } from "./prompt-error.ts";
import { isPartialFile, readPromptText } from "./prompt-files.ts";
import { type LoadPromptOptions, promptFromFile } from "./prompt-from-file.ts";
import type { PromptRegistry } from "./prompt-registry.ts";

/** A loaded folder, or every error that stopped it loading (at least one). */
export type PromptDirResult =
  | { success: true; registry: PromptRegistry }
  | { success: false; errors: PromptError[] };

/**
 * Loads a prompts folder with `loadPromptDir`, and when that fails (it stops at the first bad
 * file), loads each file on its own to list every file's error, so one run of `alice types`
 * shows all there is to fix. Errors that are not about prompts (an unreadable folder) throw.
 */
export async function loadPromptDirOrProblems(
  dir: string,
  options: LoadPromptOptions = {},
): Promise<PromptDirResult> {
  try {
    return { success: true, registry: await loadPromptDir(dir, options) };
  } catch (error) {
    if (!isPromptError(error)) throw error;
    const errors = await eachFileErrors(dir, options);
    // The first error stays listed even if loading the file alone did not hit it.
    if (!errors.some((e) => e.message === error.message)) errors.unshift(error);
    return { success: false, errors };
  }
}

async function eachFileErrors(dir: string, options: LoadPromptOptions): Promise<PromptError[]> {
  const root = resolve(dir);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .filter((rel) => rel.endsWith(".prompt") && !rel.split("/").some((p) => p.startsWith(".")))
    .sort();
  const errors: PromptError[] = [];
  const texts = new Map<string, string>();
  const display = (rel: string) => join(dir, ...rel.split("/"));
  for (const rel of files) {
    const text = await readPromptText(join(root, rel), display(rel), options.signal).catch(
      (error: unknown) => collect(error, errors),
    );
    if (text !== undefined) texts.set(rel, text);
  }
  const shared = { ...options, environment: new PromptEnvironment(), onWarning: undefined };
  const source = {
    read: async (rel: string) => texts.get(rel),
    partialPaths: files.filter(isPartialFile),
  };
  for (const rel of files) {
    const text = texts.get(rel);
    if (isPartialFile(rel) || text === undefined) continue;
    await promptFromFile({
      relativePath: rel,
      text,
      source,
      displayPath: display,
      options: shared,
    }).catch((error: unknown) => collect(error, errors));
  }
  return errors;
}

function collect(error: unknown, errors: PromptError[]): undefined {
  if (!isPromptError(error)) throw error;
  errors.push(error);
  return undefined;
}

function isPromptError(error: unknown): error is PromptError {
  return (
    AliceError.isInstance(error) &&
    (error.code.startsWith("PROMPT_") || error.code === "TEMPLATE_RENDER_FAILED")
  );
}
