import type { Usage } from "../messages/usage.ts";
import type { ModelResponse } from "./language-model.ts";
import type { DriverResponse } from "./provider-driver.ts";
import { ProviderError } from "./provider-error.ts";

/**
 * How many continuation requests one paused turn may take (Anthropic's `pause_turn`). An answer
 * still paused after the last one is returned as it is, with finish reason `other`.
 */
export const MAX_PAUSE_CONTINUATIONS = 5;

function sumUsage(a: Usage, b: Usage): Usage {
  const usage: Usage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  };
  if (a.cachedInputTokens !== undefined || b.cachedInputTokens !== undefined) {
    usage.cachedInputTokens = (a.cachedInputTokens ?? 0) + (b.cachedInputTokens ?? 0);
  }
  if (a.cacheWriteTokens !== undefined || b.cacheWriteTokens !== undefined) {
    usage.cacheWriteTokens = (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0);
  }
  if (a.reasoningTokens !== undefined || b.reasoningTokens !== undefined) {
    usage.reasoningTokens = (a.reasoningTokens ?? 0) + (b.reasoningTokens ?? 0);
  }
  return usage;
}

/**
 * One answer from a paused answer and its continuation: the text continues where it stopped,
 * reasoning, tool calls and usage (every request is billed) add up, and the model, finish
 * reason, request id and any further pause are the continuation's.
 */
export function joinPausedAnswer<Resume>(
  paused: DriverResponse<Resume>,
  next: DriverResponse<Resume>,
): DriverResponse<Resume> {
  const calls = [...(paused.message.toolCalls ?? []), ...(next.message.toolCalls ?? [])];
  const reasoning = [...(paused.message.reasoning ?? []), ...(next.message.reasoning ?? [])];
  const joined: DriverResponse<Resume> = {
    message: {
      role: "assistant",
      content: paused.message.content + next.message.content,
      ...(reasoning.length > 0 ? { reasoning } : {}),
      ...(calls.length > 0 ? { toolCalls: calls } : {}),
      usage: sumUsage(paused.message.usage, next.message.usage),
      model: next.message.model,
      finishReason: next.message.finishReason,
    },
  };
  const requestId = next.requestId ?? paused.requestId;
  if (requestId !== undefined) joined.requestId = requestId;
  if (next.resume !== undefined) joined.resume = next.resume;
  return joined;
}

/** The answer as a `ModelResponse`: `attempts` set, and no trace of a pause left in it. */
export function finalAnswer<Resume>(
  answer: DriverResponse<Resume>,
  attempts: number,
): ModelResponse {
  if (answer.resume === undefined) return { ...answer, attempts };
  const { resume: _dropped, ...rest } = answer;
  return { ...rest, attempts };
}

/**
 * Continues a paused answer (Anthropic's `pause_turn`) with up to `MAX_PAUSE_CONTINUATIONS`
 * requests, each with its own retries, and joins the answers into one.
 */
export async function continuePausedTurn<Resume>(
  first: DriverResponse<Resume>,
  firstAttempts: number,
  next: (resume: Resume) => Promise<{ value: DriverResponse<Resume>; attempts: number }>,
): Promise<ModelResponse> {
  let answer = first;
  let attempts = firstAttempts;
  for (let n = 0; n < MAX_PAUSE_CONTINUATIONS && answer.resume !== undefined; n++) {
    let continued: { value: DriverResponse<Resume>; attempts: number };
    try {
      continued = await next(answer.resume);
    } catch (error) {
      if (ProviderError.isInstance(error)) error.attempts += attempts;
      throw error;
    }
    answer = joinPausedAnswer(answer, continued.value);
    attempts += continued.attempts;
  }
  return finalAnswer(answer, attempts);
}
