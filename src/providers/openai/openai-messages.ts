import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ContentPart, Message } from "../../messages/message.ts";
import { unsendableMessage, unsendablePart } from "../unsendable-message.ts";
import { wireConversation } from "../wire-conversation.ts";
import { openAIMediaPart } from "./openai-media.ts";

function userContent(content: string | ContentPart[]): string | ChatCompletionContentPart[] {
  if (typeof content === "string") return content;
  return content.map((part): ChatCompletionContentPart => {
    switch (part.type) {
      case "text":
        return { type: "text", text: part.text };
      case "image":
      case "file":
        return openAIMediaPart(part);
      default: {
        const unknown: never = part;
        throw unsendablePart(unknown);
      }
    }
  });
}

function toOpenAIMessage(message: Message): ChatCompletionMessageParam {
  if (typeof message !== "object" || message === null) throw unsendableMessage(message);
  switch (message.role) {
    case "system":
      return { role: "system", content: message.content };
    case "user":
      return { role: "user", content: userContent(message.content) };
    case "assistant": {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: "assistant", content: message.content };
      return {
        role: "assistant",
        // OpenAI accepts null beside tool calls; an empty string is sent as null.
        content: message.content === "" ? null : message.content,
        tool_calls: calls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    }
    case "tool":
      return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
    default: {
      const unknown: never = message;
      throw unsendableMessage(unknown);
    }
  }
}

/**
 * Converts neutral messages to Chat Completions messages (tool results as `role: "tool"`). A
 * conversation that continues one sent before converts only its new messages.
 */
export const toOpenAIMessages: (messages: readonly Message[]) => ChatCompletionMessageParam[] =
  wireConversation({
    start: (): ChatCompletionMessageParam[] => [],
    add: (wire, message) => {
      wire.push(toOpenAIMessage(message));
    },
    mark: (wire) => wire.length,
    output: (wire, length) => wire.slice(0, length),
  });
