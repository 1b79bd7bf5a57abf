import type { ContentPart, Message } from "../messages/message.ts";
import type { MarkerToken } from "./message-markers.ts";
import { PromptError } from "./prompt-error.ts";

interface Draft {
  role: "system" | "user" | "assistant";
  parts: ContentPart[];
}

/**
 * Turns a tokenized render into messages with Dotprompt's rules: text before any role marker is
 * a user message; a role marker with nothing before it just changes the role; `{{history}}`
 * inserts the history there and what follows is an assistant message; without `{{history}}` the
 * history goes before the last user message (or at the end). Empty messages are dropped and each
 * message's text is trimmed.
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
      case "text": {
        const last = current.parts.at(-1);
        if (last?.type === "text") last.text += token.text;
        else current.parts.push({ type: "text", text: token.text });
        break;
      }
      case "media": {
        const part: ContentPart = { type: "image", url: token.url };
        if (token.contentType !== undefined) part.mediaType = token.contentType;
        current.parts.push(part);
        break;
      }
      case "role":
        if (hasContent(current)) {
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
 * (trimmed; none when empty), after the history.
 */
export function textMessages(text: string, history: readonly Message[]): Message[] {
  const content = text.trim();
  if (content === "") return [...history];
  return [...history, { role: "user", content }];
}

function hasContent(draft: Draft): boolean {
  return draft.parts.some((p) => p.type !== "text" || p.text.trim() !== "");
}

function draftToMessage(draft: Draft, promptName: string): Message[] {
  if (!hasContent(draft)) return [];
  const parts = trimParts(draft.parts);
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

function trimParts(parts: readonly ContentPart[]): ContentPart[] {
  const out = parts.map((p) => ({ ...p }));
  const first = out[0];
  if (first?.type === "text") first.text = first.text.trimStart();
  const last = out.at(-1);
  if (last?.type === "text") last.text = last.text.trimEnd();
  return out.filter((p) => p.type !== "text" || p.text !== "");
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
