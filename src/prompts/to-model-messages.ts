import type { ContentPart, Message } from "../messages/message.ts";
import { PromptError } from "./prompt-error.ts";
import type { MediaPart, PromptMessage, PromptPart } from "./prompt-message.ts";

/** Options of `toModelMessages()`. */
export interface ToModelMessagesOptions {
  /** The prompt the messages come from, named in errors. */
  promptName?: string;
}

/**
 * Turns what `prompt.messages()` returns into the `Message`s a model takes: sections, which
 * nothing here fills, are dropped (and a message left empty with them); `{{media}}` of an image
 * type, or of no stated type, is an image part of its user message, and media of any other type
 * (audio, video, a PDF) a file part with that type, which each provider sends if it can or
 * refuses before sending; history loses its `metadata` mark. Media in a system or assistant
 * message is a `PROMPT_INVALID` error: their content is text, and providers take media from the
 * user only.
 */
export function toModelMessages(
  messages: readonly PromptMessage[],
  options: ToModelMessagesOptions = {},
): Message[] {
  const out: Message[] = [];
  for (const message of messages) {
    const converted = toModelMessage(message, options.promptName);
    if (converted !== undefined) out.push(converted);
  }
  return out;
}

function toModelMessage(
  message: PromptMessage,
  promptName: string | undefined,
): Message | undefined {
  if ("metadata" in message) {
    const { metadata: _, ...unmarked } = message;
    return toModelMessage(unmarked as PromptMessage, promptName);
  }
  // String content is a Message as it is: a rendered system, user or assistant text, or a
  // history message (kept whole, with its tool calls).
  if (typeof message.content === "string") return message as Message;
  const { role } = message;
  const parts: ContentPart[] = [];
  for (const part of message.content as readonly (PromptPart | ContentPart)[]) {
    switch (part.type) {
      case "text":
      case "image":
      case "file":
        parts.push(part);
        break;
      case "media":
        if (role !== "user") throw mediaError(promptName, `in a ${role} message`);
        parts.push(mediaPart(part));
        break;
      case "section":
        break;
      default: {
        const unreachable: never = part;
        throw new TypeError(`Unknown content part ${JSON.stringify(unreachable)}`);
      }
    }
  }
  if (parts.length === 0) return undefined;
  switch (role) {
    case "user":
      return { role, content: parts.some(isMedia) ? parts : textOf(parts) };
    case "system":
      return { role, content: textOf(parts) };
    case "assistant":
      return { role, content: textOf(parts) };
    case "tool":
      throw new TypeError("A tool message's content is text");
    default: {
      const unreachable: never = role;
      throw new TypeError(`Unknown role ${JSON.stringify(unreachable)}`);
    }
  }
}

/** An image part for an image type (or none stated), a file part with its type otherwise. */
function mediaPart(part: MediaPart): ContentPart {
  const type = part.mediaType ?? /^data:([^;,]+)/i.exec(part.url)?.[1];
  if (type === undefined || /^image\//i.test(type)) {
    return part.mediaType === undefined
      ? { type: "image", url: part.url }
      : { type: "image", url: part.url, mediaType: part.mediaType };
  }
  return { type: "file", url: part.url, mediaType: type };
}

function mediaError(promptName: string | undefined, what: string): PromptError {
  const who = promptName === undefined ? "A prompt" : `Prompt "${promptName}"`;
  return new PromptError(
    "PROMPT_INVALID",
    `${who} has {{media}} ${what}, which cannot be sent to a model: {{media}} is only allowed in user messages.`,
    promptName === undefined ? {} : { promptName },
  );
}

const isMedia = (part: ContentPart) => part.type !== "text";

function textOf(parts: readonly ContentPart[]): string {
  return parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}
