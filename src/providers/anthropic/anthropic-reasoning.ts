import type {
  MessageCreateParamsNonStreaming,
  RedactedThinkingBlockParam,
  ThinkingBlockParam,
  ThinkingConfigEnabled,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { ReasoningPart } from "../../messages/message.ts";
import { DriverFailure } from "../provider-failure.ts";

/** The `provider` of the reasoning parts the Messages API produces and takes back. */
export const ANTHROPIC_REASONING = "anthropic";

/**
 * A `thinking` block as a reasoning part: its text and the signature it goes back with (a
 * streamed block's signature arrives last, in its `signature_delta`).
 */
export function thinkingPart(
  thinking: string | undefined,
  signature: string | undefined,
): ReasoningPart {
  const part: ReasoningPart = {
    type: "reasoning",
    text: thinking ?? "",
    provider: ANTHROPIC_REASONING,
  };
  if (typeof signature === "string" && signature !== "") part.signature = signature;
  return part;
}

/** A `redacted_thinking` block as a reasoning part: no text, its encrypted data kept as it came. */
export function redactedThinkingPart(data: string): ReasoningPart {
  return { type: "reasoning", text: "", provider: ANTHROPIC_REASONING, redactedData: data };
}

/**
 * An assistant message's reasoning as Messages blocks, in order and unchanged: the API checks a
 * thinking block's signature and requires the blocks back in the turn that made tool calls.
 * Parts of another API, and parts that cannot be sent back (no signature), are left out.
 */
export function reasoningBlocks(
  parts: readonly ReasoningPart[] | undefined,
): (ThinkingBlockParam | RedactedThinkingBlockParam)[] {
  const blocks: (ThinkingBlockParam | RedactedThinkingBlockParam)[] = [];
  for (const part of parts ?? []) {
    if (part.provider !== ANTHROPIC_REASONING) continue;
    if (part.redactedData !== undefined) {
      blocks.push({ type: "redacted_thinking", data: part.redactedData });
    } else if (part.signature !== undefined) {
      blocks.push({ type: "thinking", thinking: part.text, signature: part.signature });
    }
  }
  return blocks;
}

/**
 * The `thinking` field of a request with extended thinking on. The budget must be below
 * `max_tokens` (ThinkingConfigEnabled in @anthropic-ai/sdk 1.14), and thinking does not go with
 * forced tool use (`tool_choice` any or tool): such a request is refused before sending, saying
 * what to change, instead of failing with a 400.
 */
export function thinkingConfig(
  budgetTokens: number,
  body: Pick<MessageCreateParamsNonStreaming, "max_tokens" | "tool_choice">,
  maxTokensSet: boolean,
): ThinkingConfigEnabled {
  const { max_tokens: maxTokens, tool_choice: choice } = body;
  if (budgetTokens >= maxTokens) {
    const limit = maxTokensSet
      ? `maxOutputTokens (${maxTokens})`
      : `max_tokens (${maxTokens}, the provider's default)`;
    throw new DriverFailure({
      kind: "refused",
      message: `thinking.budgetTokens (${budgetTokens}) must be below ${limit}: thinking counts toward max_tokens. Raise maxOutputTokens above the budget, leaving room for the answer.`,
    });
  }
  if (choice?.type === "any" || choice?.type === "tool") {
    throw new DriverFailure({
      kind: "refused",
      message: `toolChoice ${choice.type === "any" ? '"required"' : `{ name: "${choice.name}" }`} cannot be sent with thinking: the Messages API takes extended thinking only with tool_choice auto or none. Use toolChoice "auto", or turn thinking off for this request.`,
    });
  }
  return { type: "enabled", budget_tokens: budgetTokens };
}
