import { dirname, join, relative, resolve, sep } from "node:path";
import type { Prompt } from "./prompt.ts";
import { PromptError } from "./prompt-error.ts";
import { readPromptText } from "./prompt-files.ts";
import type { LoadPromptOptions } from "./prompt-from-file.ts";

/** Options of `loadPrompt()`. */
export interface LoadPromptFileOptions extends LoadPromptOptions {
  /** The prompts folder: the id is the path from it, and partials fall back to it. @default the file's folder */
  root?: string;
}

/**
 * Loads one `.prompt` file (Dotprompt format: YAML frontmatter and a Handlebars body) into a
 * Prompt, compiled and checked: bad YAML, a template syntax error, Jinja syntax, a missing or
 * cyclic partial, or a variable the schema does not declare fail here, with file, line and column.
 */
export async function loadPrompt(
  path: string,
  options: LoadPromptFileOptions = {},
): Promise<Prompt> {
  const root = options.root ?? dirname(path);
  const relativePath = relative(resolve(root), resolve(path)).split(sep).join("/");
  if (relativePath.startsWith("../") || relativePath === "..") {
    throw new PromptError(
      "PROMPT_FILE_INVALID",
      `The file is outside its prompts folder ${root}.`,
      {
        filePath: path,
      },
    );
  }
  const display = (rel: string) => join(root, ...rel.split("/"));
  const text = await readPromptText(resolve(path), path, options.signal);
  if (text === undefined) {
    throw new PromptError("PROMPT_FILE_INVALID", "The file does not exist.", { filePath: path });
  }
  // The YAML parser loads with the first file, not with the package (it costs ~60 ms to import).
  const { promptFromFile } = await import("./prompt-from-file.ts");
  return promptFromFile({
    relativePath,
    text,
    displayPath: display,
    source: {
      read: (rel) => readPromptText(resolve(root, ...rel.split("/")), display(rel), options.signal),
    },
    options,
  });
}
