import type { JsonObject, JsonValue } from "../messages/json.ts";

/** The value as a JSON object, or undefined when it is not one. */
export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

/** The value as an array, or an empty array when it is not one. */
export function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a string, or undefined when it is not one. */
export function asString(value: JsonValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The text of a string, or of an array of `{ type: "text", text }` parts joined by newlines. */
export function contentText(content: JsonValue | undefined): string {
  if (typeof content === "string") return content;
  return asArray(content)
    .map((part) => {
      const object = asObject(part);
      return object?.type === "text" ? (asString(object.text) ?? "") : "";
    })
    .filter((text) => text !== "")
    .join("\n");
}

/** Parses JSON text, or returns undefined when it is not valid JSON. */
export function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
