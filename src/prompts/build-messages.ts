import type { ContentPart, Message } from "../messages/message.ts";
import type { MarkerToken } from "./message-markers.ts";
import { PromptError } from "./prompt-error.ts";

interface Draft {
  role: "system" | "user" | "assistant";
  parts: ContentPart[];
}

/**
 * Turns a tokenized render into messages as Dotprompt does (`toMessages` in its parse.ts): text
 * before any role marker is a user message; a role marker with nothing before it just changes the
 * role; `{{history}}` inserts the history there and what follows is an assistant message; without
 * `{{history}}` the history goes before the last user message (or at the end). Text between
 * markers that is only whitespace is dropped, as are messages left empty; any other text is kept
 * exactly as rendered, its leading and trailing whitespace included.
 */
export function buildMessages(
  tokens: readonly MarkerToken[],
  history: readonly Message[],
  promptName: string,
): Message[] {
  let current: Draft = { role: "user", parts: [] };
  const drafts: (Draft | Message)[] = [current];
  let historyPlaced = false;
  for (const token of tokens) {
    switch (token.kind) {
      case "text":
        // Text runs from one marker to the next, so two never follow each other in a message.
        if (token.text.trim() !== "") current.parts.push({ type: "text", text: token.text });
        break;
      case "media": {
        const part: ContentPart = { type: "image", url: token.url };
        if (token.contentType !== undefined) part.mediaType = token.contentType;
        current.parts.push(part);
        break;
      }
      case "role":
        if (current.parts.length > 0) {
          current = { role: token.role, parts: [] };
          drafts.push(current);
        } else {
          current.role = token.role;
        }
        break;
      case "history":
        historyPlaced = true;
        drafts.push(...history);
        current = { role: "assistant", parts: [] };
        drafts.push(current);
        break;
      default: {
        const unreachable: never = token;
        throw new TypeError(`Unknown marker ${JSON.stringify(unreachable)}`);
      }
    }
  }
  const messages = drafts.flatMap((d) => ("parts" in d ? draftToMessage(d, promptName) : [d]));
  return historyPlaced ? messages : insertHistory(messages, history);
}

/**
 * `buildMessages` for a render without markers, without the drafts: the text as one user message
 * after the history, or none when the text is only whitespace.
 */
export function textMessages(text: string, history: readonly Message[]): Message[] {
  if (text.trim() === "") return [...history];
  return [...history, { role: "user", content: text }];
}

function draftToMessage(draft: Draft, promptName: string): Message[] {
  if (draft.parts.length === 0) return [];
  const { parts } = draft;
  const images = parts.some((p) => p.type === "image");
  if (draft.role === "user") {
    return [{ role: "user", content: images ? parts : textOf(parts) }];
  }
  if (images) {
    throw new PromptError(
      "PROMPT_INVALID",
      `Prompt "${promptName}": {{media}} is only allowed in user messages, not in a ${draft.role} message.`,
      { promptName },
    );
  }
  return [{ role: draft.role, content: textOf(parts) }];
}

function textOf(parts: readonly ContentPart[]): string {
  return parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}

function insertHistory(messages: Message[], history: readonly Message[]): Message[] {
  if (history.length === 0) return messages;
  const last = messages.at(-1);
  if (last?.role === "user") return [...messages.slice(0, -1), ...history, last];
  return [...messages, ...history];
}
