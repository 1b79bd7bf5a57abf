import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages/messages";
import type { ReasoningPart, ToolCall } from "../../messages/message.ts";
import type { DriverResponse, DriverStreamPart, OpenStream } from "../provider-driver.ts";
import { DriverFailure } from "../provider-failure.ts";
import { uniqueToolCallIds } from "../unique-tool-call-ids.ts";
import { redactedThinkingPart, thinkingPart } from "./anthropic-reasoning.ts";
import {
  type AnthropicUsage,
  anthropicFinishReason,
  anthropicUsage,
} from "./anthropic-response.ts";
import { type AnthropicResume, pausedTurn } from "./anthropic-resume.ts";
import { type ContentEvent, streamedContent } from "./anthropic-streamed-content.ts";

// Server tools and other blocks are `other`: not part of the neutral answer, but their deltas
// (e.g. a server tool's input JSON) must not read as deltas of a block never started.
type Block =
  | { type: "text" }
  | { type: "tool_use"; call: ToolCall; input: unknown }
  | { type: "thinking"; part: ReasoningPart }
  | { type: "other" };

function mergeUsage(into: AnthropicUsage, update: object | null | undefined): AnthropicUsage {
  // message_delta usage is cumulative: present fields replace, absent or null ones stay.
  for (const [key, value] of Object.entries(update ?? {})) {
    if (value !== null && value !== undefined) (into as Record<string, unknown>)[key] = value;
  }
  return into;
}

function blockAt(blocks: Map<number, Block>, index: number, requestId: string | undefined): Block {
  const block = blocks.get(index);
  if (block !== undefined) return block;
  throw new DriverFailure({
    kind: "invalid-response",
    message: `the stream sent a delta for content block ${index}, which it never started`,
    requestId,
  });
}

/**
 * Opens a streamed request and turns its Messages events into stream parts: text deltas,
 * reasoning deltas (thinking; the block's signature is kept for the answer's `reasoning`),
 * tool-call deltas, the complete tool calls once the stop reason is known (none when cut off by
 * `max_tokens`), then `finish`.
 * A stream that ends before `message_stop` is an error, not a short answer. A paused answer
 * (`pause_turn`) ends with a `finish` whose `resume` continues it, after `previous` when this
 * stream was itself a continuation.
 */
export async function* anthropicStreamParts(
  open: OpenStream<RawMessageStreamEvent>,
  modelId: string,
  previous: AnthropicResume | undefined,
): AsyncGenerator<DriverStreamPart<AnthropicResume>, void, undefined> {
  const { data: events, request_id } = await open();
  const requestId = request_id ?? undefined;
  const blocks = new Map<number, Block>();
  const calls: ToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  let text = "";
  let model = modelId;
  let usage: AnthropicUsage = {};
  let stopReason: string | null | undefined;
  let stopped = false;
  let container: string | undefined;
  // Kept only to send a paused answer back as-is (one push per event, rebuilt at a pause).
  const content: ContentEvent[] = [];
  for await (const event of events) {
    switch (event.type) {
      case "message_start":
        if (typeof event.message.model === "string") model = event.message.model;
        usage = mergeUsage({}, event.message.usage);
        container = event.message.container?.id ?? container;
        break;
      case "content_block_start": {
        content.push(event);
        const start = event.content_block;
        if (start.type === "text") {
          blocks.set(event.index, { type: "text" });
          if (start.text !== "") {
            text += start.text;
            yield { type: "text-delta", delta: start.text };
          }
        } else if (start.type === "tool_use") {
          const call = { id: start.id, name: start.name, arguments: "" };
          blocks.set(event.index, { type: "tool_use", call, input: start.input });
          calls.push(call);
          yield {
            type: "tool-call-delta",
            toolCallId: call.id,
            toolName: call.name,
            argumentsDelta: "",
          };
        } else if (start.type === "thinking") {
          const part = thinkingPart(start.thinking, start.signature);
          blocks.set(event.index, { type: "thinking", part });
          reasoning.push(part);
          if (part.text !== "") yield { type: "reasoning-delta", delta: part.text };
        } else if (start.type === "redacted_thinking") {
          blocks.set(event.index, { type: "other" });
          reasoning.push(redactedThinkingPart(start.data));
        } else {
          blocks.set(event.index, { type: "other" });
        }
        break;
      }
      case "content_block_delta": {
        content.push(event);
        const { delta } = event;
        if (delta.type === "text_delta") {
          blockAt(blocks, event.index, requestId);
          text += delta.text;
          if (delta.text !== "") yield { type: "text-delta", delta: delta.text };
        } else if (delta.type === "input_json_delta") {
          const block = blockAt(blocks, event.index, requestId);
          if (block.type !== "tool_use" || delta.partial_json === "") break;
          block.call.arguments += delta.partial_json;
          yield {
            type: "tool-call-delta",
            toolCallId: block.call.id,
            toolName: block.call.name,
            argumentsDelta: delta.partial_json,
          };
        } else if (delta.type === "thinking_delta") {
          const block = blockAt(blocks, event.index, requestId);
          if (block.type !== "thinking" || delta.thinking === "") break;
          block.part.text += delta.thinking;
          yield { type: "reasoning-delta", delta: delta.thinking };
        } else if (delta.type === "signature_delta") {
          const block = blockAt(blocks, event.index, requestId);
          if (block.type === "thinking") block.part.signature = delta.signature;
        }
        break;
      }
      case "content_block_stop": {
        const block = blocks.get(event.index);
        if (block?.type !== "tool_use") break;
        // A tool without parameters streams no JSON at all; its input is the start's `{}`.
        if (block.call.arguments === "") block.call.arguments = JSON.stringify(block.input ?? {});
        break;
      }
      case "message_delta":
        stopReason = event.delta.stop_reason ?? stopReason;
        container = event.delta.container?.id ?? container;
        usage = mergeUsage(usage, event.usage);
        break;
      case "message_stop":
        stopped = true;
        break;
      default:
        break;
    }
  }
  if (!stopped) {
    throw new DriverFailure({
      kind: "stream",
      message: "the stream ended before message_stop (connection cut or proxy timeout)",
      requestId,
    });
  }
  const toolCalls = uniqueToolCallIds(calls, "toolu_");
  const finishReason = anthropicFinishReason(stopReason, toolCalls.length > 0);
  // Announced once the stop reason is known: a call cut off by max_tokens is not complete.
  if (finishReason !== "length") {
    for (const toolCall of toolCalls) yield { type: "tool-call", toolCall: { ...toolCall } };
  }
  const response: DriverResponse<AnthropicResume> = {
    message: {
      role: "assistant",
      content: text,
      ...(reasoning.length > 0 ? { reasoning } : {}),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      usage: anthropicUsage(usage),
      model,
      finishReason,
    },
  };
  if (requestId !== undefined) response.requestId = requestId;
  if (stopReason === "pause_turn") {
    response.resume = pausedTurn(previous, streamedContent(content), container);
  }
  yield { type: "finish", response };
}
