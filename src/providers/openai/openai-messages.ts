import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ContentPart, Message } from "../../messages/message.ts";

function userContent(content: string | ContentPart[]): string | ChatCompletionContentPart[] {
  if (typeof content === "string") return content;
  return content.map((part): ChatCompletionContentPart => {
    switch (part.type) {
      case "text":
        return { type: "text", text: part.text };
      case "image":
        return { type: "image_url", image_url: { url: part.url } };
      default: {
        const unknown: never = part;
        throw new TypeError(`Unknown content part ${JSON.stringify(unknown)}`);
      }
    }
  });
}

/** Converts neutral messages to Chat Completions messages (tool results as `role: "tool"`). */
export function toOpenAIMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
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
        throw new TypeError(`Unknown message role in ${JSON.stringify(unknown)}`);
      }
    }
  });
}
