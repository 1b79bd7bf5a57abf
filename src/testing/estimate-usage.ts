import type { JsonObject } from "../messages/json.ts";
import type { Usage } from "../messages/usage.ts";
import type { MockReasoning } from "./mock-turn.ts";

const CHARS_PER_TOKEN = 4;

const tokens = (chars: number) => Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN));

/**
 * A deterministic usage estimate (about four characters a token) for turns that script none.
 * Reasoning counts as output, and as `reasoningTokens` (a subset of `outputTokens`).
 */
export function estimateUsage(
  requestBody: JsonObject,
  text: string | undefined,
  toolArguments: readonly string[],
  reasoning: readonly MockReasoning[] = [],
): Usage {
  // Chat Completions and Messages send `messages` (and Anthropic `system`); Responses `input`
  // and `instructions`.
  const { tools } = requestBody;
  const messages = requestBody.messages ?? requestBody.input;
  const system = requestBody.system ?? requestBody.instructions;
  const input = JSON.stringify([system ?? null, messages ?? null, tools ?? null]).length;
  const output = (text ?? "").length + toolArguments.reduce((sum, a) => sum + a.length, 0);
  const usage: Usage = { inputTokens: tokens(input), outputTokens: tokens(output) };
  if (reasoning.length > 0) {
    const thought = reasoning.reduce(
      (sum, piece) => sum + (piece.text ?? "").length + (piece.redactedData ?? "").length,
      0,
    );
    usage.reasoningTokens = tokens(thought);
    usage.outputTokens += usage.reasoningTokens;
  }
  return usage;
}
