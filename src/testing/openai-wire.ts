import type { JsonObject, JsonValue } from "../messages/json.ts";
import { asArray, asObject, asString, contentText } from "./json-access.ts";
import type { MockRequestSummary, MockToolResult } from "./mock-request.ts";
import { openaiErrorBody, openaiStreamError } from "./openai-error-body.ts";
import { splitCodePoints, splitWords } from "./split-pieces.ts";
import type { ReplyEvents, ResolvedReply, SseEvent, WireFormat } from "./wire-format.ts";

const CREATED = 1_730_000_000;
const ARGUMENT_PIECE = 8;

const FINISH_REASONS: Record<string, string> = {
  stop: "stop",
  "tool-calls": "tool_calls",
  length: "length",
  "content-filter": "content_filter",
  refusal: "stop",
  other: "function_call",
};

function summarize(body: JsonObject): MockRequestSummary {
  const messages = asArray(body.messages).map(asObject);
  let lastUserText = "";
  const toolResults: MockToolResult[] = [];
  for (const message of messages) {
    if (message?.role === "user") lastUserText = contentText(message.content);
    if (message?.role === "tool") {
      toolResults.push({
        toolCallId: asString(message.tool_call_id) ?? "",
        content: contentText(message.content),
      });
    }
  }
  const toolNames = asArray(body.tools).flatMap((tool) => {
    const object = asObject(tool);
    const name =
      asString(asObject(object?.function)?.name) ?? asString(asObject(object?.custom)?.name);
    return name === undefined ? [] : [name];
  });
  return { model: asString(body.model), lastUserText, toolNames, toolResults };
}

function usageBody(reply: ResolvedReply): JsonObject {
  const { inputTokens, outputTokens, cachedInputTokens = 0, reasoningTokens = 0 } = reply.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(reply: ResolvedReply): string {
  return FINISH_REASONS[reply.finishReason] ?? reply.finishReason;
}

function jsonBody(reply: ResolvedReply): JsonObject {
  const refusal = reply.finishReason === "refusal";
  const message: JsonObject = {
    role: "assistant",
    content: refusal ? null : (reply.text ?? (reply.toolCalls.length > 0 ? null : "")),
    refusal: refusal ? (reply.text ?? "") : null,
    annotations: [],
  };
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: reply.id,
    object: "chat.completion",
    created: CREATED,
    model: reply.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(reply) }],
    usage: usageBody(reply),
    service_tier: "default",
    system_fingerprint: "fp_mock",
  };
}

function sseEvents(reply: ResolvedReply, requestBody: JsonObject): ReplyEvents {
  const includeUsage = asObject(requestBody.stream_options)?.include_usage === true;
  const chunk = (choices: JsonValue[], usage: JsonValue = null): SseEvent => {
    const data: JsonObject = {
      id: reply.id,
      object: "chat.completion.chunk",
      created: CREATED,
      model: reply.model,
      service_tier: "default",
      system_fingerprint: "fp_mock",
      choices,
    };
    if (includeUsage) data.usage = usage;
    return { data: JSON.stringify(data) };
  };
  const delta = (d: JsonObject, finish: string | null = null): SseEvent =>
    chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);

  const events: SseEvent[] = [delta({ role: "assistant", content: "", refusal: null })];
  const field = reply.finishReason === "refusal" ? "refusal" : "content";
  for (const piece of splitWords(reply.text ?? "")) events.push(delta({ [field]: piece }));
  reply.toolCalls.forEach((call, index) => {
    events.push(
      delta({
        tool_calls: [
          { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
        ],
      }),
    );
    for (const piece of splitCodePoints(call.arguments, ARGUMENT_PIECE)) {
      events.push(delta({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  const terminal = [delta({}, finishReason(reply))];
  if (includeUsage) terminal.push(chunk([], usageBody(reply)));
  terminal.push({ data: "[DONE]" });
  return { events: [...events, ...terminal], terminalCount: terminal.length };
}

/** The OpenAI Chat Completions wire format (`POST {baseURL}/chat/completions`). */
export const openaiWire: WireFormat = {
  kitName: "mockOpenAI",
  provider: "openai",
  defaultBaseURL: "https://api.openai.com/v1",
  path: "/chat/completions",
  requestIdHeader: "x-request-id",
  responseIdPrefix: "chatcmpl-",
  toolCallIdPrefix: "call_",
  namedEvents: false,
  summarize,
  jsonBody,
  sseEvents,
  errorBody: openaiErrorBody,
  streamErrorEvent: openaiStreamError,
};
