import { HELPER_NAMES, KNOWN_HELPERS } from "./prompt-helpers.ts";

/** Where and why a template failed to parse or compile. */
export interface CompileFailure {
  success: false;
  message: string;
  line?: number;
  column?: number;
}

/** The part of Handlebars' parser that knows where its lexer stopped. */
export interface ParserState {
  lexer?: { yylloc?: { first_line: number; first_column: number } };
}

/**
 * Turns an error of Handlebars' parser or compiler into a failure with a readable message and,
 * when it can be found, a 1-based line and column. `customHelpers` are the environment's own
 * helpers, listed with the built-in ones when a template calls an unknown helper.
 */
export function compileFailure(
  error: unknown,
  parser: ParserState,
  customHelpers: readonly string[],
): CompileFailure {
  const raw = error instanceof Error ? error.message : String(error);
  const message = cleanMessage(raw, customHelpers);
  const detail = error as { lineNumber?: unknown; column?: unknown };
  if (typeof detail.lineNumber === "number") {
    const column = typeof detail.column === "number" ? detail.column + 1 : undefined;
    return { success: false, message, line: detail.lineNumber, column };
  }
  // Parse errors carry only "line N" in their text; the parser's lexer knows the column.
  const line = /Parse error on line (\d+)/.exec(raw)?.[1];
  const where = parser.lexer?.yylloc;
  if (line === undefined) return { success: false, message };
  const column = where?.first_line === Number(line) ? where.first_column + 1 : undefined;
  return { success: false, message, line: Number(line), column };
}

function cleanMessage(message: string, customHelpers: readonly string[]): string {
  const unknown = /unknown helper (\S+)/.exec(message)?.[1];
  if (unknown !== undefined) {
    const refusal = `Unknown helper "${unknown}". Prompts can use: ${[...KNOWN_HELPERS, ...customHelpers].join(", ")}.`;
    // Handlebars' `log` and its hooks are left out on purpose; no custom helper can take their name.
    if (HELPER_NAMES.has(unknown)) return refusal;
    const key = /^[A-Za-z_$][\w$]*$/.test(unknown) ? unknown : JSON.stringify(unknown);
    return `${refusal} To add one, pass \`helpers: { ${key}: fn }\` to new Prompt(), loadPrompt() or loadPromptDir(), or call environment.defineHelper("${unknown}", fn).`;
  }
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
  if (mismatch !== null) return `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}.`;
  const parse = /Expecting (.*), got '(\w+)'$/.exec(message);
  if (parse === null) return message.replace(/ - \d+:\d+$/, "");
  const [, expecting = "", got = ""] = parse;
  if (got === "EOF" && expecting.includes("OPEN_ENDBLOCK")) {
    return "a block opened with {{#…}} is never closed; add its {{/…}}.";
  }
  if (got === "OPEN_ENDBLOCK") return "this {{/…}} closes a block that was never opened.";
  if (got === "INVALID")
    return "unexpected text inside {{…}} (an unclosed mustache, or a stray character).";
  return `unexpected ${TOKENS[got] ?? got}.`;
}

// Names for the parser's tokens in the messages above.
const TOKENS: Readonly<Record<string, string>> = {
  EOF: "end of template",
  CLOSE: "}}",
  OPEN: "{{",
  OPEN_BLOCK: "{{#",
  OPEN_INVERSE: "{{^",
  INVERSE: "{{else}}",
  OPEN_PARTIAL: "{{>",
  ID: "a name",
  SEP: "a path separator",
};
