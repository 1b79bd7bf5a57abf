import type { JsonObject, JsonValue } from "../messages/json.ts";
import { anthropicErrorBody, anthropicStreamError } from "./anthropic-error-body.ts";
import { asArray, asObject, asString, contentText, parseJson } from "./json-access.ts";
import type { MockRequestSummary, MockToolResult } from "./mock-request.ts";
import type { MockReasoning } from "./mock-turn.ts";
import { splitCodePoints, splitWords } from "./split-pieces.ts";
import type { ReplyEvents, ResolvedReply, SseEvent, WireFormat } from "./wire-format.ts";

const ARGUMENT_PIECE = 8;
/** The signature of a scripted thinking block that sets none. */
const SIGNATURE = "mock-signature";

const STOP_REASONS: Record<string, string> = {
  stop: "end_turn",
  "tool-calls": "tool_use",
  length: "max_tokens",
  "content-filter": "refusal",
  refusal: "refusal",
  // "other" goes out verbatim (an unknown stop reason); `pause_turn` is scripted as it is.
};

function summarize(body: JsonObject): MockRequestSummary {
  let lastUserText = "";
  const toolResults: MockToolResult[] = [];
  for (const message of asArray(body.messages).map(asObject)) {
    if (message?.role !== "user") continue;
    const text = contentText(message.content);
    if (text !== "") lastUserText = text;
    for (const block of asArray(message.content).map(asObject)) {
      if (block?.type !== "tool_result") continue;
      const result: MockToolResult = {
        toolCallId: asString(block.tool_use_id) ?? "",
        content: contentText(block.content),
      };
      if (block.is_error === true) result.isError = true;
      toolResults.push(result);
    }
  }
  const toolNames = asArray(body.tools).flatMap((tool) => {
    const name = asString(asObject(tool)?.name);
    return name === undefined ? [] : [name];
  });
  return { model: asString(body.model), lastUserText, toolNames, toolResults };
}

/**
 * Anthropic's `input_tokens` excludes cache reads and writes; our `inputTokens` includes them.
 * Thinking tokens are part of `output_tokens`, broken out in `output_tokens_details`.
 */
function usageBody(reply: ResolvedReply): JsonObject {
  const { inputTokens, outputTokens, reasoningTokens } = reply.usage;
  const { cachedInputTokens: read = 0, cacheWriteTokens: written = 0 } = reply.usage;
  const usage: JsonObject = {
    input_tokens: inputTokens - read - written,
    cache_creation_input_tokens: written,
    cache_read_input_tokens: read,
    output_tokens: outputTokens,
  };
  if (reasoningTokens !== undefined) {
    usage.output_tokens_details = { thinking_tokens: reasoningTokens };
  }
  return usage;
}

/** A reasoning piece as the block it is sent as: thinking with its signature, or redacted. */
function reasoningBlock(piece: MockReasoning): JsonObject {
  if (piece.redactedData !== undefined)
    return { type: "redacted_thinking", data: piece.redactedData };
  return { type: "thinking", thinking: piece.text ?? "", signature: piece.signature ?? SIGNATURE };
}

function toolInput(argumentsText: string): JsonValue {
  // Real responses always carry an object; a raw malformed string is passed through on purpose.
  return parseJson(argumentsText) ?? argumentsText;
}

function stopReason(reply: ResolvedReply): string {
  return STOP_REASONS[reply.finishReason] ?? reply.finishReason;
}

function jsonBody(reply: ResolvedReply): JsonObject {
  const content: JsonValue[] = reply.reasoning.map(reasoningBlock);
  if (reply.text !== undefined && reply.text !== "")
    content.push({ type: "text", text: reply.text });
  for (const call of reply.toolCalls) {
    content.push({
      type: "tool_use",
      id: call.id,
      name: call.name,
      input: toolInput(call.arguments),
    });
  }
  return {
    id: reply.id,
    type: "message",
    role: "assistant",
    model: reply.model,
    content,
    stop_reason: stopReason(reply),
    stop_sequence: null,
    usage: usageBody(reply),
  };
}

function event(type: string, data: JsonObject): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...data }) };
}

function sseEvents(reply: ResolvedReply): ReplyEvents {
  const startUsage = { ...usageBody(reply), output_tokens: 1 };
  const events: SseEvent[] = [
    event("message_start", {
      message: {
        id: reply.id,
        type: "message",
        role: "assistant",
        model: reply.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: startUsage,
      },
    }),
  ];
  let index = 0;
  const openBlock = (block: JsonObject): void => {
    events.push(event("content_block_start", { index, content_block: block }));
    if (index === 0) events.push(event("ping", {}));
  };
  for (const piece of reply.reasoning) {
    const block = reasoningBlock(piece);
    if (block.type === "thinking") {
      openBlock({ type: "thinking", thinking: "", signature: "" });
      for (const text of splitWords(piece.text ?? "")) {
        events.push(
          event("content_block_delta", {
            index,
            delta: { type: "thinking_delta", thinking: text },
          }),
        );
      }
      // The signature arrives last, just before the block stops.
      const signature = { type: "signature_delta", signature: piece.signature ?? SIGNATURE };
      events.push(event("content_block_delta", { index, delta: signature }));
    } else {
      openBlock(block);
    }
    events.push(event("content_block_stop", { index }));
    index += 1;
  }
  if (reply.text !== undefined && reply.text !== "") {
    openBlock({ type: "text", text: "" });
    for (const piece of splitWords(reply.text)) {
      events.push(
        event("content_block_delta", { index, delta: { type: "text_delta", text: piece } }),
      );
    }
    events.push(event("content_block_stop", { index }));
    index += 1;
  }
  for (const call of reply.toolCalls) {
    openBlock({ type: "tool_use", id: call.id, name: call.name, input: {} });
    for (const piece of ["", ...splitCodePoints(call.arguments, ARGUMENT_PIECE)]) {
      events.push(
        event("content_block_delta", {
          index,
          delta: { type: "input_json_delta", partial_json: piece },
        }),
      );
    }
    events.push(event("content_block_stop", { index }));
    index += 1;
  }
  if (index === 0) events.push(event("ping", {}));
  const terminal = [
    event("message_delta", {
      delta: { stop_reason: stopReason(reply), stop_sequence: null },
      usage: usageBody(reply),
    }),
    event("message_stop", {}),
  ];
  return { events: [...events, ...terminal], terminalCount: terminal.length };
}

/** The Anthropic Messages wire format (`POST {baseURL}/v1/messages`). */
export const anthropicWire: WireFormat = {
  kitName: "mockAnthropic",
  provider: "anthropic",
  defaultBaseURL: "https://api.anthropic.com",
  path: "/v1/messages",
  requestIdHeader: "request-id",
  responseIdPrefix: "msg_",
  toolCallIdPrefix: "toolu_",
  namedEvents: true,
  summarize,
  jsonBody,
  sseEvents,
  errorBody: anthropicErrorBody,
  streamErrorEvent: anthropicStreamError,
};
