/** The outcome of turning a tool's return value into text for the model. */
export type ToolResultText = { success: true; text: string } | { success: false; message: string };

/**
 * Serialises a tool's return value for the model, deterministically: strings as they are,
 * `undefined` as an empty result, other values as JSON (BigInt as a string, Map and Set as
 * their entries, Date as ISO text). Lone UTF-16 surrogates become U+FFFD so the text is valid
 * JSON everywhere; texts longer than `maxChars` are cut with a note saying so.
 */
export function toolResultText(value: unknown, maxChars: number): ToolResultText {
  let text: string;
  if (typeof value === "string") text = value;
  else if (value === undefined || value === null) text = "";
  // What JSON.stringify gives them, without its replacer calls (a tool's answer is often a number).
  else if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)))
    return { success: true, text: String(value) };
  else {
    try {
      text = JSON.stringify(value, replacer) ?? String(value);
    } catch (error) {
      return { success: false, message: error instanceof Error ? error.message : String(error) };
    }
  }
  text = text.toWellFormed();
  if (text.length > maxChars) {
    text = `${text.slice(0, maxChars)}\n[tool output cut at ${maxChars} of ${text.length} characters]`;
  }
  return { success: true, text };
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}
