import type {
  ContentBlockParam,
  ImageBlockParam,
  MessageParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { AssistantMessage, ContentPart, Message } from "../../messages/message.ts";

type Role = "user" | "assistant";
type Turn = { role: Role; content: ContentBlockParam[] };

const DATA_URL = /^data:(image\/(?:jpeg|png|gif|webp));base64,(.*)$/s;

function image(url: string): ImageBlockParam {
  const data = DATA_URL.exec(url);
  if (data?.[1] !== undefined && data[2] !== undefined) {
    const mediaType = data[1] as "image/jpeg" | "image/png" | "image/gif" | "image/webp";
    return { type: "image", source: { type: "base64", media_type: mediaType, data: data[2] } };
  }
  return { type: "image", source: { type: "url", url } };
}

function userBlocks(content: string | ContentPart[]): ContentBlockParam[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part): ContentBlockParam => {
    switch (part.type) {
      case "text":
        return { type: "text", text: part.text };
      case "image":
        return image(part.url);
      default: {
        const unknown: never = part;
        throw new TypeError(`Unknown content part ${JSON.stringify(unknown)}`);
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
  // Anthropic rejects empty or whitespace-only text blocks, which models do produce.
  const blocks: ContentBlockParam[] =
    message.content.trim() === "" ? [] : [{ type: "text", text: message.content }];
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

function append(turns: Turn[], role: Role, blocks: ContentBlockParam[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === role) last.content.push(...blocks);
  else turns.push({ role, content: blocks });
}

/** Tool results first: the API wants them right after the assistant turn that made the calls. */
function resultsFirst(turn: Turn): Turn {
  if (turn.role !== "user") return turn;
  const results = turn.content.filter((block) => block.type === "tool_result");
  const rest = turn.content.filter((block) => block.type !== "tool_result");
  return { role: "user", content: [...results, ...rest] };
}

/**
 * Converts neutral messages to the Messages API: system messages become the top-level `system`
 * prompt, tool results become `tool_result` blocks, and consecutive turns of the same role
 * (several tool results, a result then a user note) are merged into one turn.
 */
export function toAnthropicMessages(messages: readonly Message[]): {
  system: string | undefined;
  messages: MessageParam[];
} {
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system":
        system.push(message.content);
        break;
      case "user":
        append(turns, "user", userBlocks(message.content));
        break;
      case "assistant":
        append(turns, "assistant", assistantBlocks(message));
        break;
      case "tool":
        append(turns, "user", [
          {
            type: "tool_result",
            tool_use_id: message.toolCallId,
            content: message.content,
            ...(message.isError === true ? { is_error: true } : {}),
          },
        ]);
        break;
      default: {
        const unknown: never = message;
        throw new TypeError(`Unknown message role in ${JSON.stringify(unknown)}`);
      }
    }
  }
  return {
    system: system.length === 0 ? undefined : system.join("\n\n"),
    messages: turns.map(resultsFirst),
  };
}
