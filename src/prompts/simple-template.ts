import type { ProgramNode } from "./template-nodes.ts";

/**
 * A template that is only text and plain `{{name}}` variables (most system messages and task
 * templates): its pieces in order, a string for text and `{ name }` for a variable.
 */
export type SimpleTemplate = readonly (string | { readonly name: string })[];

/**
 * The pieces of `ast`, Handlebars' own parse of the template, when it is a simple template, else
 * `undefined`. `helpers` are names that call a helper when written alone (`{{history}}`, a custom
 * helper's `{{today}}`), so they are never plain variables. The parser has already applied
 * whitespace control (`{{~x~}}`) and removed standalone comment lines from the text; a comment
 * renders nothing.
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
    if (node.type === "CommentStatement") continue;
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
