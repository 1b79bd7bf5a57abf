import { HttpResponse } from "msw";
import type { JsonObject } from "../messages/json.ts";
import { OUTPUT_TOOL_NAME } from "../providers/structured-output.ts";
import { byteStream, encodeChunks, STREAMED_BODY_HEADERS } from "./byte-stream.ts";
import { estimateUsage } from "./estimate-usage.ts";
import type { MockRequest } from "./mock-request.ts";
import type { MockReply, MockStreamOptions } from "./mock-turn.ts";
import { encodeSse } from "./sse-event.ts";
import type { ResolvedReply, SseEvent, WireFormat } from "./wire-format.ts";

/**
 * A reply's `object` written the way the request asked for it: a call of the output tool when
 * the request offers that tool (structured output's tool mode), else JSON text after the reply's
 * text (native and prompt modes).
 */
function withObject(reply: MockReply, request: MockRequest): MockReply {
  if (reply.object === undefined) return reply;
  const json = JSON.stringify(reply.object);
  if (!request.toolNames.includes(OUTPUT_TOOL_NAME))
    return { ...reply, text: (reply.text ?? "") + json };
  const call = { name: OUTPUT_TOOL_NAME, arguments: json };
  return { ...reply, toolCalls: [...(reply.toolCalls ?? []), call] };
}

/** Fills in a scripted reply's defaults: ids, model, reasoning pieces, finish reason, usage. */
export function resolveReply(
  wire: WireFormat,
  scripted: MockReply,
  request: MockRequest,
): ResolvedReply {
  const n = request.index + 1;
  const reply = withObject(scripted, request);
  const reasoning =
    typeof reply.reasoning === "string" ? [{ text: reply.reasoning }] : (reply.reasoning ?? []);
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `${wire.toolCallIdPrefix}mock${n}_${i}`,
    name: call.name,
    arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
  }));
  return {
    id: `${wire.responseIdPrefix}mock${n}`,
    requestId: `req_mock${n}`,
    model: reply.model ?? request.model ?? "mock-model",
    text: reply.text,
    reasoning,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? "tool-calls" : "stop"),
    usage:
      reply.usage ??
      estimateUsage(
        request.body,
        reply.text,
        toolCalls.map((call) => call.arguments),
        reasoning,
      ),
  };
}

function streamEvents(
  wire: WireFormat,
  reply: ResolvedReply,
  body: JsonObject,
  options: MockStreamOptions,
): SseEvent[] {
  const { events, terminalCount } = wire.sseEvents(reply, body);
  const beforeTerminal = events.length - terminalCount;
  let sent = options.endWithoutDone === true ? events.slice(0, beforeTerminal) : events;
  if (options.errorEvent !== undefined) {
    const after = options.errorEvent.afterEvents ?? beforeTerminal;
    sent = [...sent.slice(0, after), wire.streamErrorEvent(options.errorEvent)];
  }
  return sent;
}

/** The response for a reply: JSON, or an SSE stream when the request asked for one. */
export function replyResponse(
  wire: WireFormat,
  reply: ResolvedReply,
  request: MockRequest,
  options: MockStreamOptions = {},
  signal?: AbortSignal,
): Response {
  const headers = { [wire.requestIdHeader]: reply.requestId, ...STREAMED_BODY_HEADERS };
  if (!request.stream) {
    const json = JSON.stringify(wire.jsonBody(reply));
    const bytes = byteStream(encodeChunks([json]), options, signal);
    return new HttpResponse(bytes, { headers: { ...headers, "content-type": "application/json" } });
  }
  const events = streamEvents(wire, reply, request.body, options);
  return new HttpResponse(byteStream(encodeChunks(events.map(encodeSse)), options, signal), {
    headers: {
      ...headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
    },
  });
}
