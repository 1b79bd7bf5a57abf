import type {
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { AssistantMessage, ContentPart, Message } from "../../messages/message.ts";
import { unsendableMessage, unsendablePart } from "../unsendable-message.ts";
import { wireConversation } from "../wire-conversation.ts";
import { anthropicMediaBlock } from "./anthropic-media.ts";
import { reasoningBlocks } from "./anthropic-reasoning.ts";

type Role = "user" | "assistant";
type Turn = { role: Role; content: ContentBlockParam[] };

function userBlocks(content: string | ContentPart[]): ContentBlockParam[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part): ContentBlockParam => {
    switch (part.type) {
      case "text":
        return { type: "text", text: part.text };
      case "image":
      case "file":
        return anthropicMediaBlock(part);
      default: {
        const unknown: never = part;
        throw unsendablePart(unknown);
      }
    }
  });
}

function toolInput(argumentsText: string): Record<string, unknown> {
  // `input` must be an object; a call whose arguments were not valid JSON is replayed as {}.
  try {
    const value: unknown = JSON.parse(argumentsText === "" ? "{}" : argumentsText);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {}
  return {};
}

function assistantBlocks(message: AssistantMessage): ContentBlockParam[] {
  // Thinking first, unchanged: the API checks it and wants it back in the turn of its tool calls.
  const blocks: ContentBlockParam[] = reasoningBlocks(message.reasoning);
  // Anthropic rejects empty or whitespace-only text blocks, which models do produce.
  if (message.content.trim() !== "") blocks.push({ type: "text", text: message.content });
  for (const call of message.toolCalls ?? []) {
    blocks.push({
      type: "tool_use",
      id: call.id,
      name: call.name,
      input: toolInput(call.arguments),
    });
  }
  return blocks;
}

/** Tool results first: the API wants them right after the assistant turn that made the calls. */
function resultsFirst(turn: Turn): Turn {
  if (turn.role !== "user") return turn;
  const results = turn.content.filter((block) => block.type === "tool_result");
  const rest = turn.content.filter((block) => block.type !== "tool_result");
  return { role: "user", content: [...results, ...rest] };
}

/** One message on the wire: system text, the turn it makes on its own, or nothing to send. */
type WireMessage = { role: "system"; text: string } | Turn | null;

function toWireMessage(message: Message): WireMessage {
  if (typeof message !== "object" || message === null) throw unsendableMessage(message);
  switch (message.role) {
    case "system":
      return { role: "system", text: message.content };
    case "user": {
      const blocks = userBlocks(message.content);
      return blocks.length === 0 ? null : { role: "user", content: blocks };
    }
    case "assistant": {
      const blocks = assistantBlocks(message);
      return blocks.length === 0 ? null : { role: "assistant", content: blocks };
    }
    case "tool": {
      const result: ToolResultBlockParam = {
        type: "tool_result",
        tool_use_id: message.toolCallId,
        content: message.content,
      };
      if (message.isError === true) result.is_error = true;
      return { role: "user", content: [result] };
    }
    default: {
      const unknown: never = message;
      throw unsendableMessage(unknown);
    }
  }
}

/** A conversation as the Messages API takes it. */
export interface AnthropicConversation {
  system: string | undefined;
  messages: MessageParam[];
}

/**
 * The conversation folded so far. Only the last turn can still grow: a message of its role
 * replaces it by a merged copy, so a turn handed out earlier never changes.
 */
interface Folded {
  system: string | undefined;
  turns: Turn[];
}

/** Where a folded conversation stood: how many turns, the last one as it was then, the system text. */
interface FoldMark {
  count: number;
  last: Turn | undefined;
  system: string | undefined;
}

function addMessage(folded: Folded, message: Message): void {
  const wire = toWireMessage(message);
  if (wire === null) return;
  if (wire.role === "system") {
    folded.system = folded.system === undefined ? wire.text : `${folded.system}\n\n${wire.text}`;
    return;
  }
  const { turns } = folded;
  const last = turns.at(-1);
  if (last?.role === wire.role) {
    const content = [...last.content, ...wire.content];
    turns[turns.length - 1] = resultsFirst({ role: last.role, content });
  } else {
    turns.push(wire);
  }
}

/**
 * Converts neutral messages to the Messages API: system messages become the top-level `system`
 * prompt, an answer's Anthropic reasoning goes back first in its turn as the thinking and
 * redacted_thinking blocks it came as (other APIs' reasoning is left out), tool results become
 * `tool_result` blocks, and consecutive turns of the same role
 * (several tool results, a result then a user note) are merged into one turn, tool results
 * first. A conversation that continues one sent before converts only its new messages.
 */
export const toAnthropicMessages: (messages: readonly Message[]) => AnthropicConversation =
  wireConversation({
    start: (): Folded => ({ system: undefined, turns: [] }),
    add: addMessage,
    mark: ({ turns, system }): FoldMark => ({ count: turns.length, last: turns.at(-1), system }),
    output: ({ turns }, { count, last, system }) => {
      const messages: MessageParam[] = turns.slice(0, count);
      if (last !== undefined) messages[count - 1] = last;
      return { system, messages };
    },
  });
