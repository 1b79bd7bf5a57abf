import type { JsonObject } from "../messages/json.ts";
import type { Usage } from "../messages/usage.ts";

const CHARS_PER_TOKEN = 4;

/** A deterministic usage estimate (about four characters a token) for turns that script none. */
export function estimateUsage(
  requestBody: JsonObject,
  text: string | undefined,
  toolArguments: readonly string[],
): Usage {
  const { messages, system, tools } = requestBody;
  const input = JSON.stringify([system ?? null, messages ?? null, tools ?? null]).length;
  const output = (text ?? "").length + toolArguments.reduce((sum, a) => sum + a.length, 0);
  return {
    inputTokens: Math.max(1, Math.ceil(input / CHARS_PER_TOKEN)),
    outputTokens: Math.max(1, Math.ceil(output / CHARS_PER_TOKEN)),
  };
}
