import type { TemplateOutline, TemplatePosition } from "./outline-template.ts";
import type { ProgramNode } from "./template-nodes.ts";

/**
 * A template that is only text and plain `{{name}}` variables (most system messages and task
 * templates): its pieces in order, a string for text and `{ name }` for a variable.
 */
export type SimpleTemplate = readonly (string | { readonly name: string })[];

/**
 * The pieces of `ast` when it is a simple template, else `undefined`. `helpers` are names that
 * call a helper when written alone (`{{history}}`), so they are never plain variables. Whitespace
 * control (`{{~x~}}`) is already applied to the text by the parser.
 */
export function simpleTemplateOf(
  ast: ProgramNode,
  helpers: ReadonlySet<string>,
): SimpleTemplate | undefined {
  const pieces: (string | { name: string })[] = [];
  for (const node of ast.body) {
    if (node.type === "ContentStatement") {
      pieces.push(node.value);
      continue;
    }
    if (node.type !== "MustacheStatement" || node.params.length > 0 || node.hash !== undefined)
      return undefined;
    const path = node.path;
    if (path.type !== "PathExpression" || path.data || path.depth !== 0) return undefined;
    const name = path.parts[0];
    if (path.parts.length !== 1 || name === undefined || path.original !== name) return undefined;
    if (helpers.has(name)) return undefined;
    pieces.push({ name });
  }
  return pieces;
}

// `{{ name }}` at a given offset; names Handlebars reads as literals or keywords are not variables.
const PLAIN_MUSTACHE = /\{\{(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;
const NOT_VARIABLES: ReadonlySet<string> = new Set([
  "true",
  "false",
  "null",
  "undefined",
  "else",
  "this",
]);

/**
 * Reads a simple template straight from its text, without Handlebars (which then need not even
 * be loaded): the same pieces and outline Handlebars' parse would give, or `undefined` whenever
 * the text holds anything else (any other `{{…}}`, a backslash escape, a carriage return).
 */
export function scanSimpleTemplate(
  content: string,
  helpers: ReadonlySet<string>,
): { pieces: SimpleTemplate; outline: TemplateOutline } | undefined {
  if (content.includes("\\") || content.includes("\r")) return undefined;
  const pieces: (string | { name: string })[] = [];
  const variables: TemplateOutline["variables"] = [];
  let at = 0;
  for (let open = content.indexOf("{{"); open !== -1; open = content.indexOf("{{", at)) {
    PLAIN_MUSTACHE.lastIndex = open;
    const match = PLAIN_MUSTACHE.exec(content);
    const name = match?.[2];
    if (match === null || name === undefined) return undefined;
    if (helpers.has(name) || NOT_VARIABLES.has(name)) return undefined;
    // `{{name}}}` is a Handlebars syntax error: let Handlebars' parse report it.
    if (content[open + match[0].length] === "}") return undefined;
    if (open > at) pieces.push(content.slice(at, open));
    pieces.push({ name });
    const nameAt = open + 2 + (match[1]?.length ?? 0);
    variables.push({ name, viaRoot: false, ...positionOf(content, nameAt) });
    at = open + match[0].length;
  }
  if (at < content.length) pieces.push(content.slice(at));
  return { pieces, outline: { variables, partials: [], inlinePartials: [], messageHelpers: [] } };
}

function positionOf(text: string, offset: number): TemplatePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Renders a simple template the way Handlebars does with `noEscape` (own properties only;
 * `null` and `undefined` as nothing), without Handlebars' runtime. Returns `undefined` when a
 * value is not a string: numbers and booleans too go to Handlebars, whose generated code adds
 * adjacent ones as numbers (`{{a}}{{b}}` with 1 and 2 renders "3"), and prompts render the same
 * whichever way they take.
 */
export function renderSimple(
  template: SimpleTemplate,
  values: Readonly<Record<string, unknown>>,
): string | undefined {
  let text = "";
  for (const piece of template) {
    if (typeof piece === "string") {
      text += piece;
      continue;
    }
    const value = Object.hasOwn(values, piece.name) ? values[piece.name] : undefined;
    if (typeof value === "string") text += value;
    else if (value !== undefined && value !== null) return undefined;
  }
  return text;
}
