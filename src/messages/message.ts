import type { ErrorCode } from "../errors/codes.ts";
import type { JsonValue } from "./json.ts";
import type { Usage } from "./usage.ts";

/**
 * A part of a multi-part (user) message: text, an image, or another file. `url` is an https URL or
 * a `data:` URL. A `file` is any kind with its `mediaType` (`audio/wav`, `application/pdf`,
 * `video/mp4`…); each provider sends the kinds it takes and refuses the others before sending
 * (`PROVIDER_BAD_REQUEST`).
 */
export type ContentPart =
  | { type: "text"; text: string }
  | { type: "image"; url: string; mediaType?: string }
  | { type: "file"; url: string; mediaType: string; filename?: string };

/** A tool call requested by the model; `arguments` is the raw JSON text the model produced. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Why the model stopped, normalised across providers. */
export type FinishReason =
  | "stop"
  | "tool-calls"
  | "length"
  | "content-filter"
  | "refusal"
  | "other";

/** Instructions for the model. */
export interface SystemMessage {
  role: "system";
  content: string;
}

/** What the user (or a rendered task template) says. */
export interface UserMessage {
  role: "user";
  content: string | ContentPart[];
}

/**
 * The model's reasoning before its answer (Anthropic's extended thinking, OpenAI Responses'
 * reasoning items), kept on the answer so it can be sent back unchanged where the API requires it
 * (Anthropic, across tool rounds) and shown, never mixed into the answer's text. Plain data.
 */
export interface ReasoningPart {
  type: "reasoning";
  /** The reasoning as the provider shows it (a summary for OpenAI); "" when redacted or hidden. */
  text: string;
  /**
   * The API that produced it: `"anthropic"`, `"openai-responses"`. A provider sends back only
   * the parts of its own API and leaves the others out.
   */
  provider: string;
  /** Anthropic: the signature of a thinking block, sent back with it. */
  signature?: string;
  /** Anthropic: a redacted_thinking block's encrypted `data`, sent back as it came. */
  redactedData?: string;
  /** OpenAI Responses: the reasoning item's id. */
  id?: string;
  /** OpenAI Responses: the item's `encrypted_content`, for stateless multi-turn use. */
  encryptedContent?: string;
}

/** What the model answered, with the tool calls it requested and what it cost. */
export interface AssistantMessage {
  role: "assistant";
  content: string;
  /** Reasoning that came with the answer, in order; absent when the model showed none. */
  reasoning?: ReasoningPart[];
  toolCalls?: ToolCall[];
  usage?: Usage;
  model?: string;
  finishReason?: FinishReason;
  /** Set when the agent rejected this answer (empty, truncated, refused…): kept for the record, never sent back. */
  rejected?: { code: ErrorCode; reason: string };
}

/** The result of one tool call, tied to the call by `toolCallId`. */
export interface ToolMessage {
  role: "tool";
  toolCallId: string;
  toolName: string;
  content: string;
  isError?: boolean;
  /** Structured result of the tool, when it returned more than text. */
  data?: JsonValue;
}

/** A message in a conversation: a discriminated union on `role`. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** The plain text of a message's content. */
export function messageText(message: Message): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content
    .map((part) => (part.type === "text" ? part.text : ""))
    .filter((text) => text !== "")
    .join("\n");
}
