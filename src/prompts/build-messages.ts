import type { Message } from "../messages/message.ts";
import type { MarkerToken } from "./message-markers.ts";
import type { HistoryMessage, PromptMessage, PromptPart } from "./prompt-message.ts";

interface Draft {
  role: "system" | "user" | "assistant";
  parts: PromptPart[];
}

/**
 * Turns a tokenized render into messages as Dotprompt does (`toMessages` in its parse.ts): text
 * before any role marker is a user message; a role marker with nothing before it just changes the
 * role; `{{history}}` inserts the history there, marked `metadata: { purpose: "history" }`, and
 * what follows is an assistant message; without `{{history}}` the history goes, as given, before
 * the last user message (or at the end). Text between markers that is only whitespace is dropped,
 * as are messages left empty; any other text is kept exactly as rendered, its leading and
 * trailing whitespace included. `{{media}}` and `{{section}}` become parts of their message.
 */
export function buildMessages(
  tokens: readonly MarkerToken[],
  history: readonly Message[],
): PromptMessage[] {
  let current: Draft = { role: "user", parts: [] };
  const drafts: (Draft | HistoryMessage)[] = [current];
  let historyPlaced = false;
  for (const token of tokens) {
    switch (token.kind) {
      case "text":
        // Text runs from one marker to the next, so two never follow each other in a message.
        if (token.text.trim() !== "") current.parts.push({ type: "text", text: token.text });
        break;
      case "media":
        current.parts.push(
          token.contentType === undefined
            ? { type: "media", url: token.url }
            : { type: "media", url: token.url, mediaType: token.contentType },
        );
        break;
      case "section":
        current.parts.push({ type: "section", name: token.name });
        break;
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
        for (const message of history)
          drafts.push({ ...message, metadata: { purpose: "history" } });
        current = { role: "assistant", parts: [] };
        drafts.push(current);
        break;
      default: {
        const unreachable: never = token;
        throw new TypeError(`Unknown marker ${JSON.stringify(unreachable)}`);
      }
    }
  }
  const messages = drafts.flatMap((d): PromptMessage[] => ("parts" in d ? draftToMessage(d) : [d]));
  return historyPlaced ? messages : insertHistory(messages, history);
}

/**
 * `buildMessages` for a render without markers, without the drafts: the text as one user message
 * after the history, or none when the text is only whitespace.
 */
export function textMessages(text: string, history: readonly Message[]): PromptMessage[] {
  if (text.trim() === "") return [...history];
  return [...history, { role: "user", content: text }];
}

function draftToMessage({ role, parts }: Draft): PromptMessage[] {
  const [first] = parts;
  if (first === undefined) return [];
  // Text alone is one part (see above): the message's content is that string.
  if (parts.length === 1 && first.type === "text") return [{ role, content: first.text }];
  return [{ role, content: parts }];
}

function insertHistory(messages: PromptMessage[], history: readonly Message[]): PromptMessage[] {
  if (history.length === 0) return messages;
  const last = messages.at(-1);
  if (last?.role === "user") return [...messages.slice(0, -1), ...history, last];
  return [...messages, ...history];
}
