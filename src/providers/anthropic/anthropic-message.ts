import type { Message as AnthropicMessage } from "@anthropic-ai/sdk/resources/messages/messages";
import { describeThrown } from "../../errors/describe-thrown.ts";
import type { ReasoningPart, ToolCall } from "../../messages/message.ts";
import type { DriverResponse } from "../provider-driver.ts";
import { DriverFailure } from "../provider-failure.ts";
import { uniqueToolCallIds } from "../unique-tool-call-ids.ts";
import { redactedThinkingPart, thinkingPart } from "./anthropic-reasoning.ts";
import { anthropicFinishReason, anthropicUsage } from "./anthropic-response.ts";
import { type AnthropicResume, pausedTurn } from "./anthropic-resume.ts";

/**
 * Reads a (non-streamed) Messages answer into the neutral answer: text, tool calls, and thinking
 * and redacted_thinking blocks as its `reasoning`, in order; rejects a malformed one. A
 * paused answer (`pause_turn`) carries the `resume` that continues it, after `previous` when this
 * answer was itself a continuation.
 */
export function fromAnthropicMessage(
  answer: AnthropicMessage,
  requestId: string | undefined,
  modelId: string,
  previous: AnthropicResume | undefined,
): DriverResponse<AnthropicResume> {
  // Typed by the SDK, but a proxy can send anything with status 200.
  const loose: unknown = answer;
  if (typeof loose !== "object" || loose === null || !Array.isArray(answer.content)) {
    throw new DriverFailure({
      kind: "invalid-response",
      message: `the answer has no "content" array (got ${typeof loose})`,
      requestId,
    });
  }
  let content = "";
  const calls: ToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  for (const block of answer.content) {
    if (block.type === "text") content += block.text;
    else if (block.type === "tool_use") {
      calls.push({ id: block.id, name: block.name, arguments: inputText(block.input) });
    } else if (block.type === "thinking") {
      reasoning.push(thinkingPart(block.thinking, block.signature));
    } else if (block.type === "redacted_thinking") {
      reasoning.push(redactedThinkingPart(block.data));
    }
  }
  const toolCalls = uniqueToolCallIds(calls, "toolu_");
  const response: DriverResponse<AnthropicResume> = {
    message: {
      role: "assistant",
      content,
      ...(reasoning.length > 0 ? { reasoning } : {}),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      usage: anthropicUsage(answer.usage),
      model: typeof answer.model === "string" ? answer.model : modelId,
      finishReason: anthropicFinishReason(answer.stop_reason, toolCalls.length > 0),
    },
  };
  if (requestId !== undefined) response.requestId = requestId;
  if (answer.stop_reason === "pause_turn") {
    response.resume = pausedTurn(previous, answer.content, answer.container?.id);
  }
  return response;
}

/**
 * A tool call's input as the JSON text the agent parses. Input that cannot be written as JSON
 * (nested past the stack's depth) becomes text that is not JSON, so the agent answers the call
 * with an error result the model reads instead of the whole answer failing.
 */
function inputText(input: unknown): string {
  try {
    return JSON.stringify(input ?? {});
  } catch (error) {
    return `[tool input that cannot be written as JSON: ${describeThrown(error)}]`;
  }
}
