import type { FinishReason, ToolCall } from "../../messages/message.ts";
import type { Usage } from "../../messages/usage.ts";

/** The usage fields of a Chat Completions answer, as loosely as compatible servers send them. */
export interface OpenAIUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** Reads Chat Completions usage; cached and reasoning tokens are kept when reported. */
export function openaiUsage(usage: OpenAIUsage | null | undefined): Usage {
  const result: Usage = {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
  };
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  if (typeof cached === "number") result.cachedInputTokens = cached;
  if (typeof reasoning === "number") result.reasoningTokens = reasoning;
  return result;
}

/**
 * Normalises `finish_reason`. A refusal wins; `stop` beside tool calls (sent by some compatible
 * servers) means `tool-calls`. A complete answer without a reason (`null` or absent: some local
 * servers never send one) is `stop`, or `tool-calls` when it carries tool calls. Only a reason
 * this function does not know (the legacy `function_call`, values added later) is `other`.
 */
export function openaiFinishReason(
  raw: string | null | undefined,
  answer: { refused: boolean; toolCalls: readonly ToolCall[] },
): FinishReason {
  if (answer.refused) return "refusal";
  switch (raw) {
    case "stop":
    case null:
    case undefined:
    case "":
      return answer.toolCalls.length > 0 ? "tool-calls" : "stop";
    case "tool_calls":
      return "tool-calls";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    default:
      return "other";
  }
}
