import { toJsonValue } from "./to-json-value.ts";

/** The outcome of turning a tool's return value into text for the model. */
export type ToolResultText = { success: true; text: string } | { success: false; message: string };

/**
 * Serialises a tool's return value for the model, deterministically: strings as they are,
 * `undefined` and `null` as an empty result, other values as JSON (`toJSON()` honoured, so a Date
 * is ISO text; Map and Set as their entries; functions inside objects left out). A value JSON
 * cannot say — a function or symbol returned on its own, a BigInt, a circular reference, nesting
 * deeper than `MAX_JSON_DEPTH`, a getter that throws — is refused with a message naming it and
 * where it is. Lone UTF-16 surrogates become U+FFFD so the
 * text is valid JSON everywhere; texts longer than `maxChars` are cut with a note saying so.
 */
export function toolResultText(value: unknown, maxChars: number): ToolResultText {
  let text: string;
  if (typeof value === "string") text = value;
  else if (value === undefined || value === null) text = "";
  // What JSON.stringify gives them, without a walk (a tool's answer is often a number).
  else if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))
    return { success: true, text: String(value) };
  else {
    const data = toJsonValue(value);
    if (!data.success) return data;
    // Plain data no deeper than MAX_JSON_DEPTH: JSON.stringify cannot throw on it.
    text = data.value === undefined ? "" : JSON.stringify(data.value);
  }
  text = text.toWellFormed();
  if (text.length > maxChars) {
    text = `${text.slice(0, maxChars)}\n[tool output cut at ${maxChars} of ${text.length} characters]`;
  }
  return { success: true, text };
}
