import type { YamlModule } from "./load-yaml.ts";
import { PromptError } from "./prompt-error.ts";

/** A position in a file: 1-based line and column. */
export interface FilePosition {
  line: number;
  column: number;
}

/** A `.prompt` file split into its frontmatter (parsed) and its template body. */
export interface ParsedPromptFile {
  /** The frontmatter mapping; `{}` when the file has none. */
  frontmatter: Record<string, unknown>;
  /**
   * Where a frontmatter value is, for error messages: `locate(["config", "temperature"])`; with
   * `{ key: true }`, where its key is (for "declared here" positions).
   */
  locate(path: readonly (string | number)[], options?: { key?: boolean }): FilePosition;
  /**
   * The template: after frontmatter, trimmed as Dotprompt trims it (unless `trim: false`, used
   * for partials); without frontmatter, the whole text as written.
   */
  body: string;
  /** Where the body's first character is in the file. */
  bodyStart: FilePosition;
}

/**
 * Splits a `.prompt` file into YAML frontmatter and a Handlebars body, as Dotprompt does: blank
 * and `#` comment lines may come before the opening `---`; without one, the whole file is the
 * template. Unlike Dotprompt, which logs bad YAML and then sends the whole file (frontmatter
 * included) to the model, invalid YAML is an error with its line and column in the file. Line
 * endings are normalised to `\n` and a BOM is dropped first.
 */
export function parsePromptFile(
  source: string,
  filePath: string,
  yaml: YamlModule,
  { trim = true }: { trim?: boolean } = {},
): ParsedPromptFile {
  const { isMap, isScalar, LineCounter, parseDocument } = yaml;
  const text = normalizeText(source);
  const lines = text.split("\n");
  let open = 0;
  while (open < lines.length && /^\s*(#.*)?$/.test(lines[open] ?? "") && lines[open] !== "---")
    open++;
  if (lines[open]?.trimEnd() !== "---") {
    const start = { line: 1, column: 1 };
    return { frontmatter: {}, locate: () => start, body: text, bodyStart: start };
  }
  let close = open + 1;
  while (close < lines.length && lines[close]?.trimEnd() !== "---") close++;
  if (close >= lines.length) {
    throw new PromptError(
      "PROMPT_FILE_INVALID",
      "The frontmatter opened with --- is never closed: add a line with --- after it.",
      { filePath, line: open + 1, column: 1 },
    );
  }
  const yamlLine = open + 2;
  const yamlText = lines.slice(open + 1, close).join("\n");
  const counter = new LineCounter();
  const document = parseDocument(yamlText, {
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter: counter,
  });
  const position = (offset: number): FilePosition => {
    const { line, col } = counter.linePos(offset);
    return { line: line + yamlLine - 1, column: col };
  };
  const [error] = document.errors;
  if (error !== undefined) {
    throw new PromptError("PROMPT_FILE_INVALID", `Invalid YAML frontmatter: ${error.message}`, {
      filePath,
      ...position(error.pos[0]),
      cause: error,
    });
  }
  if (document.contents !== null && !isMap(document.contents)) {
    throw new PromptError(
      "PROMPT_FILE_INVALID",
      "The frontmatter must be a mapping of keys (name:, model:, input:, …), not a list or a single value.",
      { filePath, line: yamlLine, column: 1 },
    );
  }
  const frontmatter = (document.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  const locate = (path: readonly (string | number)[], options: { key?: boolean } = {}) => {
    const parent = options.key ? document.getIn(path.slice(0, -1), true) : undefined;
    if (isMap(parent) || (options.key && path.length === 1)) {
      const map = path.length === 1 ? document.contents : parent;
      const pair = isMap(map)
        ? map.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1))
        : undefined;
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return position(range[0]);
    }
    for (let depth = path.length; depth > 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true) as {
        range?: [number, number, number];
      };
      if (node?.range !== undefined) return position(node.range[0]);
    }
    return { line: yamlLine, column: 1 };
  };
  const rest = lines.slice(close + 1).join("\n");
  const body = trim
    ? trimBody(rest, close + 2)
    : { body: rest, bodyStart: { line: close + 2, column: 1 } };
  return { frontmatter, locate, ...body };
}

/** Drops a BOM and turns `\r\n` and lone `\r` line endings into `\n`. */
export function normalizeText(source: string): string {
  return source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

function trimBody(text: string, firstLine: number): { body: string; bodyStart: FilePosition } {
  const leading = /^\s*/.exec(text)?.[0] ?? "";
  const newlines = leading.split("\n").length - 1;
  const lastBreak = leading.lastIndexOf("\n");
  return {
    body: text.trim(),
    bodyStart: { line: firstLine + newlines, column: leading.length - lastBreak },
  };
}
