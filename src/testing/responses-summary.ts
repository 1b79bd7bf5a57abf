import type { JsonObject, JsonValue } from "../messages/json.ts";
import { asArray, asObject, asString } from "./json-access.ts";
import type { MockRequestSummary, MockToolResult } from "./mock-request.ts";

const TEXT_PARTS = new Set(["input_text", "output_text", "text"]);

/** The text of a Responses content value: a string, or its text parts joined by newlines. */
function itemText(content: JsonValue | undefined): string {
  if (typeof content === "string") return content;
  return asArray(content)
    .map((part) => {
      const object = asObject(part);
      return TEXT_PARTS.has(asString(object?.type) ?? "") ? (asString(object?.text) ?? "") : "";
    })
    .filter((text) => text !== "")
    .join("\n");
}

/**
 * The provider-neutral view of a Responses body (`POST /responses`): the last user message's
 * text (`input` as a string is one), the function tools offered, and every
 * `function_call_output` as a tool result.
 */
export function summarizeResponsesBody(body: JsonObject): MockRequestSummary {
  let lastUserText = typeof body.input === "string" ? body.input : "";
  const toolResults: MockToolResult[] = [];
  for (const item of asArray(body.input).map(asObject)) {
    if (item === undefined) continue;
    const type = asString(item.type) ?? "message";
    if (type === "message" && item.role === "user") lastUserText = itemText(item.content);
    if (type === "function_call_output") {
      toolResults.push({
        toolCallId: asString(item.call_id) ?? "",
        content: itemText(item.output),
      });
    }
  }
  const toolNames = asArray(body.tools).flatMap((tool) => {
    const name = asString(asObject(tool)?.name);
    return name === undefined ? [] : [name];
  });
  return { model: asString(body.model), lastUserText, toolNames, toolResults };
}
