import type { ChatCompletion } from "openai/resources/chat/completions";
import type { ToolCall } from "../../messages/message.ts";
import type { DriverResponse } from "../provider-driver.ts";
import { DriverFailure } from "../provider-failure.ts";
import { uniqueToolCallIds } from "../unique-tool-call-ids.ts";
import { openaiFinishReason, openaiUsage } from "./openai-response.ts";

function invalid(message: string, requestId: string | undefined): DriverFailure {
  return new DriverFailure({ kind: "invalid-response", message, requestId });
}

/** Reads a (non-streamed) Chat Completion into the neutral answer; rejects a malformed one. */
export function fromChatCompletion(
  completion: ChatCompletion,
  requestId: string | undefined,
  modelId: string,
): DriverResponse {
  // Typed by the SDK, but a proxy or compatible server can send anything with status 200.
  const loose: unknown = completion;
  if (typeof loose !== "object" || loose === null || !Array.isArray(completion.choices)) {
    throw invalid(`the answer has no "choices" array (got ${typeof loose})`, requestId);
  }
  const choice = completion.choices[0];
  if (choice === undefined || typeof choice.message !== "object" || choice.message === null) {
    throw invalid('the answer has no "choices[0].message"', requestId);
  }
  const { message } = choice;
  const calls: ToolCall[] = [];
  for (const call of message.tool_calls ?? []) {
    if (call.type !== "function") continue;
    calls.push({ id: call.id ?? "", name: call.function.name, arguments: call.function.arguments });
  }
  const toolCalls = uniqueToolCallIds(calls, "call_");
  const refused = typeof message.refusal === "string" && message.refusal !== "";
  const response: DriverResponse = {
    message: {
      role: "assistant",
      content: message.content ?? (refused ? (message.refusal ?? "") : ""),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      usage: openaiUsage(completion.usage),
      model: typeof completion.model === "string" ? completion.model : modelId,
      finishReason: openaiFinishReason(choice.finish_reason, { refused, toolCalls }),
    },
  };
  if (requestId !== undefined) response.requestId = requestId;
  return response;
}
