import type { JsonObject, JsonValue } from "../messages/json.ts";
import type { MockReasoning } from "./mock-turn.ts";
import type { ResolvedReply } from "./wire-format.ts";

/** A fixed `created_at`, so bodies are stable. */
const CREATED = 1_730_000_000;
/** Statuses a response can have; a finish reason that names one is sent as that status. */
const STATUSES = new Set([
  "completed",
  "incomplete",
  "failed",
  "cancelled",
  "queued",
  "in_progress",
]);
/** How a neutral finish reason is written: the status and `incomplete_details.reason`. */
const FINISH: Record<string, { status: string; reason?: string }> = {
  stop: { status: "completed" },
  "tool-calls": { status: "completed" },
  refusal: { status: "completed" },
  length: { status: "incomplete", reason: "max_output_tokens" },
  "content-filter": { status: "incomplete", reason: "content_filter" },
  // Read back as "other": an incomplete answer for a reason the reader does not map.
  other: { status: "incomplete", reason: "max_messages" },
};
const FAILURE = { code: "server_error", message: "The model failed to generate a response." };

/** Where a finished answer ends: its status, and why when it is incomplete. */
export function responseStatus(reply: ResolvedReply): { status: string; reason?: string } {
  const known = FINISH[reply.finishReason];
  if (known !== undefined) return known;
  // A raw value: a status as it is, anything else as the reason of an incomplete answer.
  if (STATUSES.has(reply.finishReason)) return { status: reply.finishReason };
  return { status: "incomplete", reason: reply.finishReason };
}

/** The ids of a reply's output items, stable per request. */
export function itemIds(reply: ResolvedReply) {
  const n = reply.id.replace(/^resp_/, "");
  return {
    reasoning: (i: number) => `rs_${n}_${i}`,
    message: `msg_${n}`,
    call: (i: number) => `fc_${n}_${i}`,
  };
}

/** A reasoning item: its summary (one piece of text) and its encrypted content. */
export function reasoningItem(piece: MockReasoning, id: string): JsonObject {
  const item: JsonObject = {
    type: "reasoning",
    id,
    summary: piece.text === undefined ? [] : [{ type: "summary_text", text: piece.text }],
  };
  if (piece.encryptedContent !== undefined) item.encrypted_content = piece.encryptedContent;
  return item;
}

/** The content part of the answer's message: its text, or a refusal. */
export function messagePart(reply: ResolvedReply, text: string): JsonObject {
  return reply.finishReason === "refusal"
    ? { type: "refusal", refusal: text }
    : { type: "output_text", text, annotations: [], logprobs: [] };
}

/** The answer's message item (`status` completed, or in_progress with no content yet). */
export function messageItem(reply: ResolvedReply, content: JsonValue[], done = true): JsonObject {
  return {
    type: "message",
    id: itemIds(reply).message,
    status: done ? "completed" : "in_progress",
    role: "assistant",
    content,
  };
}

/** A function call item, its arguments complete or (while streaming) still empty. */
export function functionCallItem(reply: ResolvedReply, index: number, done = true): JsonObject {
  const call = reply.toolCalls[index];
  return {
    type: "function_call",
    id: itemIds(reply).call(index),
    call_id: call?.id ?? "",
    name: call?.name ?? "",
    arguments: done ? (call?.arguments ?? "") : "",
    status: done ? "completed" : "in_progress",
  };
}

/** Whether the answer has a message item: it has text, or nothing else to say. */
export function hasMessage(reply: ResolvedReply): boolean {
  return reply.text !== undefined || reply.toolCalls.length === 0;
}

/** Every output item of a finished answer, in order: reasoning, message, function calls. */
export function outputItems(reply: ResolvedReply): JsonObject[] {
  const ids = itemIds(reply);
  const items = reply.reasoning.map((piece, i) => reasoningItem(piece, ids.reasoning(i)));
  if (hasMessage(reply)) items.push(messageItem(reply, [messagePart(reply, reply.text ?? "")]));
  reply.toolCalls.forEach((_, i) => {
    items.push(functionCallItem(reply, i));
  });
  return items;
}

/** Responses usage: input and output tokens with their details. */
export function usageBody(reply: ResolvedReply): JsonObject {
  const { inputTokens, outputTokens, cachedInputTokens = 0, reasoningTokens = 0 } = reply.usage;
  return {
    input_tokens: inputTokens,
    input_tokens_details: {
      cached_tokens: cachedInputTokens,
      cache_write_tokens: reply.usage.cacheWriteTokens ?? 0,
    },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

/**
 * A response object: finished (its output, usage and status) or, for the first stream events,
 * in progress with no output yet.
 */
export function responseObject(reply: ResolvedReply, finished: boolean): JsonObject {
  const { status, reason } = responseStatus(reply);
  return {
    id: reply.id,
    object: "response",
    created_at: CREATED,
    status: finished ? status : "in_progress",
    error: finished && status === "failed" ? FAILURE : null,
    incomplete_details: finished && reason !== undefined ? { reason } : null,
    instructions: null,
    max_output_tokens: null,
    model: reply.model,
    output: finished ? outputItems(reply) : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: 1,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    truncation: "disabled",
    usage: finished ? usageBody(reply) : null,
    metadata: {},
  };
}
