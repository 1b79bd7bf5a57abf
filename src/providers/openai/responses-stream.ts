import type {
  Response,
  ResponseOutputItem,
  ResponseStreamEvent,
} from "openai/resources/responses/responses";
import type { ToolCall } from "../../messages/message.ts";
import type { DriverStreamPart, OpenStream } from "../provider-driver.ts";
import { DriverFailure } from "../provider-failure.ts";
import { uniqueToolCallIds } from "../unique-tool-call-ids.ts";
import {
  failedResponse,
  fromResponse,
  type ResponsesOutput,
  readOutput,
} from "./responses-response.ts";

/** What a stream has said so far, for an answer whose last event carries no output items. */
class StreamState {
  text = "";
  refusal = "";
  /** Function calls by output item id, in the order they started. */
  readonly calls = new Map<string, ToolCall>();
  /** Finished output items by index (`response.output_item.done`). */
  readonly done: ResponseOutputItem[] = [];
  /** The reasoning summary piece last written, to separate the next one with a blank line. */
  lastSummary: { item: string; index: number } | undefined;

  /** The answer's output, from the final response when it lists its items, else from the stream. */
  output(final: Response): ResponsesOutput {
    if (Array.isArray(final.output) && final.output.length > 0) return readOutput(final.output);
    const done = this.done.filter((item) => item !== undefined);
    if (done.length > 0) return readOutput(done);
    const toolCalls = uniqueToolCallIds([...this.calls.values()], "call_");
    return { text: this.text, refusal: this.refusal, reasoning: [], toolCalls };
  }
}

function streamFailure(message: string, requestId: string | undefined, type?: string | null) {
  return new DriverFailure({
    kind: "stream",
    message,
    requestId,
    providerErrorType: type ?? undefined,
  });
}

/**
 * Opens a streamed request and turns its Responses events into stream parts: text deltas
 * (`response.output_text.delta`, a refusal's text too), reasoning deltas (summary and reasoning
 * text), tool-call deltas, the complete tool calls at the end (none when cut off by
 * `max_output_tokens`), then `finish` from `response.completed` / `response.incomplete`. An
 * `error` event or `response.failed` is a stream failure; a stream that ends without its
 * terminal event is an error too.
 */
export async function* responsesStreamParts(
  open: OpenStream<ResponseStreamEvent>,
  modelId: string,
): AsyncGenerator<DriverStreamPart, void, undefined> {
  const { data: events, request_id } = await open();
  const requestId = request_id ?? undefined;
  const state = new StreamState();
  let final: Response | undefined;
  for await (const event of events) {
    switch (event.type) {
      case "response.output_text.delta":
        if (event.delta === "") break;
        state.text += event.delta;
        yield { type: "text-delta", delta: event.delta };
        break;
      case "response.refusal.delta":
        if (event.delta === "") break;
        state.refusal += event.delta;
        yield { type: "text-delta", delta: event.delta };
        break;
      case "response.reasoning_summary_text.delta": {
        const last = state.lastSummary;
        const next = { item: event.item_id, index: event.summary_index };
        // Summary pieces of one item are joined by a blank line in the answer's reasoning part.
        const gap = last?.item === next.item && last.index !== next.index ? "\n\n" : "";
        state.lastSummary = next;
        if (event.delta !== "" || gap !== "") {
          yield { type: "reasoning-delta", delta: gap + event.delta };
        }
        break;
      }
      case "response.reasoning_text.delta":
        if (event.delta !== "") yield { type: "reasoning-delta", delta: event.delta };
        break;
      case "response.output_item.added": {
        const { item } = event;
        if (item.type !== "function_call") break;
        const call = {
          id: item.call_id ?? "",
          name: item.name ?? "",
          arguments: item.arguments ?? "",
        };
        state.calls.set(item.id ?? `output_${event.output_index}`, call);
        yield {
          type: "tool-call-delta",
          toolCallId: call.id,
          toolName: call.name,
          argumentsDelta: call.arguments,
        };
        break;
      }
      case "response.function_call_arguments.delta": {
        const call =
          state.calls.get(event.item_id) ?? state.calls.get(`output_${event.output_index}`);
        if (call === undefined || event.delta === "") break;
        call.arguments += event.delta;
        yield {
          type: "tool-call-delta",
          toolCallId: call.id,
          toolName: call.name,
          argumentsDelta: event.delta,
        };
        break;
      }
      case "response.output_item.done":
        state.done[event.output_index] = event.item;
        break;
      case "response.completed":
      case "response.incomplete":
        final = event.response;
        break;
      case "response.failed":
        throw failedResponse(event.response, requestId);
      case "error":
        throw streamFailure(event.message, requestId, event.code);
      default:
        break;
    }
  }
  if (final === undefined) {
    throw streamFailure(
      "the stream ended before response.completed (connection cut or proxy timeout)",
      requestId,
    );
  }
  const response = fromResponse(final, requestId, modelId, state.output(final));
  const { toolCalls = [], finishReason } = response.message;
  if (finishReason !== "length") {
    for (const toolCall of toolCalls) yield { type: "tool-call", toolCall: { ...toolCall } };
  }
  yield { type: "finish", response };
}
