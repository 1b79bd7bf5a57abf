import { MAX_JSON_DEPTH, mayHoldUnsafeKey, nestedDeeperThan, plainCopy } from "../messages/json.ts";
import type { ToolCall } from "../messages/message.ts";

/** The model's arguments as a value, or the error result that answers them. */
export type ParsedArguments =
  | { success: true; value: unknown }
  | { success: false; code: "TOOL_ARGUMENTS_NOT_JSON" | "TOOL_INPUT_INVALID"; message: string };

/**
 * Parses a tool call's arguments: empty text is `{}`; anything but a JSON object is
 * `TOOL_ARGUMENTS_NOT_JSON`; nesting deeper than `MAX_JSON_DEPTH` is `TOOL_INPUT_INVALID`;
 * `__proto__`, `constructor` and `prototype` keys are dropped.
 */
export function parseToolArguments(call: ToolCall): ParsedArguments {
  const raw = call.arguments;
  if (raw.trim() === "") return { success: true, value: {} };
  const notAnObject = (reason: string): ParsedArguments => ({
    success: false,
    code: "TOOL_ARGUMENTS_NOT_JSON",
    message: `The arguments of tool "${call.name}" are not a JSON object (${reason}). Call it again with a JSON object that matches its schema.`,
  });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return notAnObject(error instanceof Error ? error.message : "invalid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return notAnObject(
      `got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  // JSON.parse takes any depth, but the copy below, the schema and the tool walk it
  // recursively. Text shorter than 2 × (limit + 1) characters cannot open that many levels.
  if (raw.length >= 2 * (MAX_JSON_DEPTH + 1) && nestedDeeperThan(value)) {
    return {
      success: false,
      code: "TOOL_INPUT_INVALID",
      message: `The arguments of tool "${call.name}" nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep. Call it again with arguments that match its schema.`,
    };
  }
  // JSON.parse makes "__proto__" an own key, harmless until a later merge copies it: such keys
  // are dropped by a copy. Arguments that cannot hold one (no such word, no escape) are kept as
  // parsed, fresh objects already.
  return { success: true, value: mayHoldUnsafeKey(raw) ? plainCopy(value) : value };
}
