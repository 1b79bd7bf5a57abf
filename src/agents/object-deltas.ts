import { parsePartialJson } from "./partial-json.ts";

/** The partial value of a streaming structured answer, each time it changes. */
export type ObjectDeltas = (delta: string) => { value: unknown } | undefined;

/**
 * Follows a structured answer as its text streams in: each text delta in, the value parsed so
 * far out when it differs from the last one given (undefined when it does not, or when the text
 * so far is not the start of a JSON value, such as prose before a tool call). A ```json fence
 * around the answer is skipped. Not validated: the final answer is, once.
 */
export function objectDeltas(): ObjectDeltas {
  let text = "";
  let last: string | undefined;
  return (delta) => {
    text += delta;
    const value = parsePartialJson(unfenced(text));
    if (value === undefined) return undefined;
    const key = JSON.stringify(value);
    if (key === last) return undefined;
    last = key;
    return { value };
  };
}

/** The text inside a ```json fence when it opens with one (from its first line on). */
function unfenced(text: string): string {
  const start = text.trimStart();
  if (!start.startsWith("```")) return text;
  const newline = start.indexOf("\n");
  if (newline === -1) return "";
  const body = start.slice(newline + 1);
  const close = body.lastIndexOf("```");
  return close === -1 ? body : body.slice(0, close);
}
