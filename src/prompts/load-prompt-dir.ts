import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { PromptEnvironment } from "./prompt-environment.ts";
import { PromptError } from "./prompt-error.ts";
import { isPartialFile, readPromptText } from "./prompt-files.ts";
import type { LoadPromptOptions } from "./prompt-from-file.ts";
import { PromptRegistry } from "./prompt-registry.ts";
import type { PromptWarning } from "./prompt-warning.ts";

/**
 * Loads every `.prompt` file under `dir` (recursively; dot-files and dot-folders skipped) into a
 * registry by id: `a/b.prompt` is `a/b`, `a/b.formal.prompt` its variant `formal`, and `_x.prompt`
 * files are partials, not prompts. The folder gets its own Handlebars environment unless one is
 * given. The first file that fails to load fails the call, with its path, line and column.
 */
export async function loadPromptDir(
  dir: string,
  options: LoadPromptOptions = {},
): Promise<PromptRegistry> {
  const root = await realpath(resolve(dir)).catch((cause: unknown) => {
    throw new PromptError("PROMPT_FILE_INVALID", "The prompts folder cannot be read.", {
      filePath: dir,
      cause,
    });
  });
  const folderWarnings: PromptWarning[] = [];
  const files = await listPromptFiles(root, folderWarnings, options.signal);
  const display = (rel: string) => join(dir, ...rel.split("/"));
  const texts = new Map<string, string>();
  await Promise.all(
    files.map(async (rel) => {
      const text = await readPromptText(
        join(root, ...rel.split("/")),
        display(rel),
        options.signal,
      );
      if (text !== undefined) texts.set(rel, text);
    }),
  );
  for (const warning of folderWarnings) options.onWarning?.(warning);
  const shared = { ...options, environment: options.environment ?? new PromptEnvironment() };
  const source = {
    read: async (rel: string) => texts.get(rel),
    partialPaths: files.filter(isPartialFile),
  };
  const prompts = [];
  for (const rel of files) {
    const text = texts.get(rel);
    if (isPartialFile(rel) || text === undefined) continue;
    prompts.push(
      await (await import("./prompt-from-file.ts")).promptFromFile({
        relativePath: rel,
        text,
        source,
        displayPath: display,
        options: shared,
      }),
    );
  }
  return new PromptRegistry(prompts, folderWarnings);
}

async function listPromptFiles(
  root: string,
  warnings: PromptWarning[],
  signal?: AbortSignal,
): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    signal?.throwIfAborted();
    const absolute = join(entry.parentPath, entry.name);
    const rel = relative(root, absolute).split(sep).join("/");
    if (!rel.endsWith(".prompt") || rel.split("/").some((part) => part.startsWith("."))) continue;
    if (entry.isSymbolicLink()) {
      // A link may point outside the folder; only files that really live inside it are loaded.
      const target = await realpath(absolute).catch(() => undefined);
      const inside = target !== undefined && !relative(root, target).startsWith("..");
      if (!inside || !(await stat(target).then((s) => s.isFile()))) {
        warnings.push({
          code: "SKIPPED_FILE",
          message: `Skipped ${rel}: a link to outside the prompts folder.`,
          filePath: rel,
        });
        continue;
      }
    } else if (!entry.isFile()) continue;
    files.push(rel);
  }
  return files.sort();
}
