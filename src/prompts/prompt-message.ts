import type { Message } from "../messages/message.ts";

/** `{{media url=… contentType=…}}`: an image, audio, video or document, by URL (or data: URL). */
export interface MediaPart {
  type: "media";
  url: string;
  /** The `contentType` the template gave, e.g. `image/png` or `audio/mpeg`. */
  mediaType?: string;
}

/**
 * `{{section "name"}}`: a named place in a message for content added later, Dotprompt's pending
 * part (Genkit puts output instructions at `"output"` and documents at `"context"`).
 */
export interface SectionPart {
  type: "section";
  name: string;
}

/** A part of a message a template rendered. */
export type PromptPart = { type: "text"; text: string } | MediaPart | SectionPart;

/** A message a template rendered: its text, or its parts when it has media or sections. */
export interface RenderedMessage {
  role: "system" | "user" | "assistant";
  content: string | PromptPart[];
}

/**
 * A message of the history passed to `messages()`. Placed at `{{history}}`, it is marked as
 * Dotprompt marks it, `metadata: { purpose: "history" }`; placed before the last user message
 * (no `{{history}}`), it is as given.
 */
export type HistoryMessage = Message & { metadata?: { purpose: "history" } };

/**
 * What `prompt.messages()` returns, in Dotprompt's structure: the messages the template rendered
 * and the history, in order. `toModelMessages()` turns them into the `Message`s a model takes.
 */
export type PromptMessage = RenderedMessage | HistoryMessage;
