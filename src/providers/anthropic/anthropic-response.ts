import type { FinishReason } from "../../messages/message.ts";
import type { Usage } from "../../messages/usage.ts";

/** The usage fields of a Messages answer (or the running total of a stream). */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Reads Messages usage. Anthropic's `input_tokens` leaves out cache reads and writes; ours
 * counts every input token, so they are added; cache reads are also `cachedInputTokens`, cache
 * writes `cacheWriteTokens` (each set when the API reports it, 0 included).
 */
export function anthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const read = usage?.cache_read_input_tokens ?? 0;
  const written = usage?.cache_creation_input_tokens ?? 0;
  const result: Usage = {
    inputTokens: (usage?.input_tokens ?? 0) + read + written,
    outputTokens: usage?.output_tokens ?? 0,
  };
  if (typeof usage?.cache_read_input_tokens === "number") result.cachedInputTokens = read;
  if (typeof usage?.cache_creation_input_tokens === "number") result.cacheWriteTokens = written;
  const thinking = usage?.output_tokens_details?.thinking_tokens;
  if (typeof thinking === "number") result.reasoningTokens = thinking;
  return result;
}

/**
 * Normalises `stop_reason`. A complete answer without one (`null` or absent, from a compatible
 * server or proxy) is `stop`, or `tool-calls` when it asks for tools. `pause_turn` is `other`
 * (the provider continues a paused turn itself; one still paused after the last continuation is
 * unfinished), and so is any value this function does not know.
 */
export function anthropicFinishReason(
  raw: string | null | undefined,
  hasToolCalls: boolean,
): FinishReason {
  switch (raw) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case null:
    case undefined:
    case "":
      return hasToolCalls ? "tool-calls" : "stop";
    case "tool_use":
      return "tool-calls";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "refusal":
      return "refusal";
    default:
      return "other";
  }
}
