import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { PromptEnvironment } from "./prompt-environment.ts";
import { PromptError } from "./prompt-error.ts";
import { isPartialFile, promptIdentity, readPromptText } from "./prompt-files.ts";
import type { LoadPromptOptions } from "./prompt-from-file.ts";
import { type PromptLoadFailure, PromptRegistry } from "./prompt-registry.ts";
import type { PromptWarning } from "./prompt-warning.ts";

/** Options of `loadPromptDir()`. */
export interface LoadPromptDirOptions extends LoadPromptOptions {
  /**
   * All or nothing: when any file does not load, throw instead of returning the registry of those
   * that did. One bad file throws its own `PromptError`; several throw one `PromptError`
   * (`PROMPT_FILE_INVALID`) whose message lists each, with an `AggregateError` of them as cause.
   * @default false: every file that loads is in the registry, the others in `registry.errors`
   */
  strict?: boolean;
}

/**
 * Loads every `.prompt` file under `dir` (recursively; dot-files and dot-folders skipped) into a
 * registry by id: `a/b.prompt` is `a/b`, `a/b.formal.prompt` its variant `formal`, and `_x.prompt`
 * files are partials, not prompts. The folder gets its own Handlebars environment unless one is
 * given. A file that does not load does not stop the others: its error (file, line, column) is in
 * `registry.errors`, and `registry.get()` of its prompt throws it; a prompt fails with a partial
 * it includes. With `strict: true` any such error fails the call. A folder that cannot be read
 * always does.
 */
export async function loadPromptDir(
  dir: string,
  options: LoadPromptDirOptions = {},
): Promise<PromptRegistry> {
  const { strict = false, ...loadOptions } = options;
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
  const unreadable = new Map<string, PromptError>();
  await Promise.all(
    files.map(async (rel) => {
      try {
        const text = await readPromptText(
          join(root, ...rel.split("/")),
          display(rel),
          options.signal,
        );
        if (text !== undefined) texts.set(rel, text);
      } catch (error) {
        unreadable.set(rel, asFileError(error, display(rel), options.signal));
      }
    }),
  );
  for (const warning of folderWarnings) options.onWarning?.(warning);
  const shared = {
    ...loadOptions,
    environment: options.environment ?? new PromptEnvironment(),
  };
  const source = {
    // A prompt that includes a partial that cannot be read fails with that partial's error.
    read: async (rel: string) => {
      const error = unreadable.get(rel);
      if (error !== undefined) throw error;
      return texts.get(rel);
    },
    partialPaths: files.filter(isPartialFile),
  };
  // The YAML parser loads with the first file, not with the package (it costs ~60 ms to import).
  const { promptFromFile } = await import("./prompt-from-file.ts");
  const prompts = [];
  const failures: PromptLoadFailure[] = [];
  for (const rel of files) {
    const identity = isPartialFile(rel) ? {} : promptIdentity(rel);
    const readError = unreadable.get(rel);
    const text = texts.get(rel);
    if (readError !== undefined) failures.push({ ...identity, error: readError });
    if (isPartialFile(rel) || text === undefined) continue;
    try {
      prompts.push(
        await promptFromFile({
          relativePath: rel,
          text,
          source,
          displayPath: display,
          options: shared,
        }),
      );
    } catch (error) {
      if (!(error instanceof PromptError)) throw error;
      failures.push({ ...identity, error });
    }
  }
  const registry = new PromptRegistry(prompts, folderWarnings, failures);
  if (strict && registry.errors.length > 0) throw allOrNothing(dir, registry.errors);
  return registry;
}

/** A file that could not be read is that file's problem, unless the load was aborted. */
function asFileError(error: unknown, filePath: string, signal?: AbortSignal): PromptError {
  if (error instanceof PromptError) return error;
  signal?.throwIfAborted();
  const reason = error instanceof Error ? error.message : String(error);
  return new PromptError("PROMPT_FILE_INVALID", `The file cannot be read: ${reason}`, {
    filePath,
    cause: error,
  });
}

/** The error `strict: true` throws: the only one as it is, or one that lists them all. */
function allOrNothing(dir: string, errors: readonly PromptError[]): PromptError {
  const [first] = errors;
  if (errors.length === 1 && first !== undefined) return first;
  const list = errors.map((e) => `  ${e.message.replace(/\n/g, "\n    ")}`).join("\n");
  return new PromptError(
    "PROMPT_FILE_INVALID",
    `${errors.length} files of the prompts folder do not load (strict: nothing is loaded):\n${list}`,
    { filePath: dir, cause: new AggregateError(errors, "The files that do not load.") },
  );
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
