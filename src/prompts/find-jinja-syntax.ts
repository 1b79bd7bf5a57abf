/** Where a template uses Jinja2 syntax, and the offending text. */
export interface JinjaSyntax {
  index: number;
  text: string;
}

// `{% tag … %}`, `{# comment #}` (not the `{#` inside Handlebars' `{{#if}}`), and a filter pipe
// inside a mustache (`{{ name | upper }}`), except Handlebars block params (`as |item|`).
const TAG = /\{%-?\s*[a-zA-Z_]+[^%]*%\}/;
const COMMENT = /(?<!\{)\{#[^}]*#\}/;
const MUSTACHE = /\{\{[^{}]*\}\}/g;

/**
 * Finds Jinja2 syntax in a template. Project Alice's original `.prompt` files are Jinja2 bodies;
 * Handlebars would render their `{% if %}` tags as literal text, so they are refused instead.
 */
export function findJinjaSyntax(content: string): JinjaSyntax | undefined {
  const found: JinjaSyntax[] = [];
  for (const pattern of [TAG, COMMENT]) {
    const match = pattern.exec(content);
    if (match !== null) found.push({ index: match.index, text: match[0] });
  }
  for (const match of content.matchAll(MUSTACHE)) {
    const inner = match[0].replace(/\bas\s+\|[^|]*\|/, "");
    if (/[^|]\|[^|]/.test(inner)) {
      found.push({ index: match.index, text: match[0] });
      break;
    }
  }
  return found.sort((a, b) => a.index - b.index)[0];
}
