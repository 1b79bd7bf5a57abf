import type { JsonObject } from "../messages/json.ts";
import { openaiErrorBody } from "./openai-error-body.ts";
import {
  functionCallItem,
  hasMessage,
  itemIds,
  messageItem,
  messagePart,
  reasoningItem,
  responseObject,
  responseStatus,
} from "./responses-output.ts";
import { summarizeResponsesBody } from "./responses-summary.ts";
import { splitCodePoints, splitWords } from "./split-pieces.ts";
import type {
  ErrorFields,
  ReplyEvents,
  ResolvedReply,
  SseEvent,
  WireFormat,
} from "./wire-format.ts";

const ARGUMENT_PIECE = 8;
const TERMINAL_EVENTS: Record<string, string> = {
  completed: "response.completed",
  incomplete: "response.incomplete",
  failed: "response.failed",
};

/** Writes a stream's events, each named and numbered as the API does (`sequence_number`). */
class EventWriter {
  readonly events: SseEvent[] = [];

  add(type: string, fields: JsonObject): void {
    const data = { type, sequence_number: this.events.length, ...fields };
    this.events.push({ event: type, data: JSON.stringify(data) });
  }
}

function reasoningEvents(out: EventWriter, reply: ResolvedReply): number {
  const ids = itemIds(reply);
  const pieces = reply.reasoning;
  pieces.forEach((piece, index) => {
    const id = ids.reasoning(index);
    const item = reasoningItem(piece, id);
    out.add("response.output_item.added", { output_index: index, item: { ...item, summary: [] } });
    if (piece.text !== undefined) {
      const at = { item_id: id, output_index: index, summary_index: 0 };
      out.add("response.reasoning_summary_part.added", {
        ...at,
        part: { type: "summary_text", text: "" },
      });
      for (const delta of splitWords(piece.text)) {
        out.add("response.reasoning_summary_text.delta", { ...at, delta });
      }
      out.add("response.reasoning_summary_text.done", { ...at, text: piece.text });
      out.add("response.reasoning_summary_part.done", {
        ...at,
        part: { type: "summary_text", text: piece.text },
      });
    }
    out.add("response.output_item.done", { output_index: index, item });
  });
  return pieces.length;
}

function messageEvents(out: EventWriter, reply: ResolvedReply, index: number): void {
  const text = reply.text ?? "";
  const refusal = reply.finishReason === "refusal";
  const at = { item_id: itemIds(reply).message, output_index: index, content_index: 0 };
  out.add("response.output_item.added", {
    output_index: index,
    item: messageItem(reply, [], false),
  });
  out.add("response.content_part.added", { ...at, part: messagePart(reply, "") });
  for (const delta of splitWords(text)) {
    if (refusal) out.add("response.refusal.delta", { ...at, delta });
    else out.add("response.output_text.delta", { ...at, delta, logprobs: [] });
  }
  if (refusal) out.add("response.refusal.done", { ...at, refusal: text });
  else out.add("response.output_text.done", { ...at, text, logprobs: [] });
  out.add("response.content_part.done", { ...at, part: messagePart(reply, text) });
  out.add("response.output_item.done", {
    output_index: index,
    item: messageItem(reply, [messagePart(reply, text)]),
  });
}

function functionCallEvents(out: EventWriter, reply: ResolvedReply, first: number): void {
  reply.toolCalls.forEach((call, i) => {
    const index = first + i;
    const at = { item_id: itemIds(reply).call(i), output_index: index };
    out.add("response.output_item.added", {
      output_index: index,
      item: functionCallItem(reply, i, false),
    });
    for (const delta of splitCodePoints(call.arguments, ARGUMENT_PIECE)) {
      out.add("response.function_call_arguments.delta", { ...at, delta });
    }
    out.add("response.function_call_arguments.done", {
      ...at,
      name: call.name,
      arguments: call.arguments,
    });
    out.add("response.output_item.done", { output_index: index, item: functionCallItem(reply, i) });
  });
}

/**
 * A streamed answer as the Responses API sends it: `response.created`, `response.in_progress`,
 * each output item (reasoning with its summary deltas, the message with its text deltas,
 * function calls with their argument deltas) between `output_item.added` and `.done`, then one
 * terminal event (`response.completed`, `.incomplete` or `.failed`) holding the whole response.
 */
function sseEvents(reply: ResolvedReply): ReplyEvents {
  const out = new EventWriter();
  out.add("response.created", { response: responseObject(reply, false) });
  out.add("response.in_progress", { response: responseObject(reply, false) });
  let index = reasoningEvents(out, reply);
  if (hasMessage(reply)) messageEvents(out, reply, index++);
  functionCallEvents(out, reply, index);
  const { status } = responseStatus(reply);
  out.add(TERMINAL_EVENTS[status] ?? "response.completed", {
    response: responseObject(reply, true),
  });
  return { events: out.events, terminalCount: 1 };
}

/** An in-band `error` event: `event: error` with `{ type, code, message, param }`. */
function streamErrorEvent(fields: ErrorFields): SseEvent {
  const data = {
    type: "error",
    code: fields.code ?? fields.type ?? "server_error",
    message: fields.message ?? "The server had an error while processing your request.",
    param: null,
    sequence_number: 0,
  };
  return { event: "error", data: JSON.stringify(data) };
}

/** The OpenAI Responses wire format (`POST {baseURL}/responses`), answered by `mockOpenAI`. */
export const responsesWire: WireFormat = {
  kitName: "mockOpenAI",
  provider: "openai",
  defaultBaseURL: "https://api.openai.com/v1",
  path: "/responses",
  requestIdHeader: "x-request-id",
  responseIdPrefix: "resp_",
  toolCallIdPrefix: "call_",
  namedEvents: true,
  summarize: summarizeResponsesBody,
  jsonBody: (reply) => responseObject(reply, true),
  sseEvents,
  errorBody: openaiErrorBody,
  streamErrorEvent,
};
