import type {
  ResponseInputContent,
  ResponseInputItem,
  ResponseReasoningItem,
} from "openai/resources/responses/responses";
import type {
  AssistantMessage,
  ContentPart,
  Message,
  ReasoningPart,
} from "../../messages/message.ts";
import { baseMediaType, parseDataUrl } from "../data-url.ts";
import { unsendableMedia, unsendableMessage, unsendablePart } from "../unsendable-message.ts";
import { wireConversation } from "../wire-conversation.ts";

/** The `provider` of the reasoning parts this API writes and reads back. */
export const RESPONSES_REASONING = "openai-responses";

const API = "the Responses API";
const ACCEPTS = "images (input_image) and PDFs as an https or data: URL (input_file)";
// OpenAI answers 400 to a `file_data` without a filename (see openai-media.ts), so one is sent.
const DEFAULT_PDF_NAME = "document.pdf";

type MediaPart = Extract<ContentPart, { type: "image" | "file" }>;

/**
 * A user message's image or file as a Responses input part (ResponseInputContent in openai
 * 7.57.0): an image is an `input_image` (https or data: URL); a PDF an `input_file`, by
 * `file_data` (a data: URL, with a filename) or `file_url`. The Responses API has no audio
 * input part, so audio and any other kind are refused before sending.
 */
function mediaPart(part: MediaPart): ResponseInputContent {
  const type = part.type === "image" ? "image/" : baseMediaType(part.mediaType);
  if (type.startsWith("image/")) {
    return { type: "input_image", image_url: part.url, detail: "auto" };
  }
  if (part.type === "file" && type === "application/pdf") {
    const data = parseDataUrl(part.url);
    if (data === undefined) {
      return {
        type: "input_file",
        file_url: part.url,
        ...(part.filename === undefined ? {} : { filename: part.filename }),
      };
    }
    return {
      type: "input_file",
      file_data: `data:application/pdf;base64,${data.base64}`,
      filename: part.filename ?? DEFAULT_PDF_NAME,
    };
  }
  throw unsendableMedia(`a file of type ${type}`, API, ACCEPTS);
}

function userContent(content: string | ContentPart[]): string | ResponseInputContent[] {
  if (typeof content === "string") return content;
  return content.map((part): ResponseInputContent => {
    switch (part.type) {
      case "text":
        return { type: "input_text", text: part.text };
      case "image":
      case "file":
        return mediaPart(part);
      default: {
        const unknown: never = part;
        throw unsendablePart(unknown);
      }
    }
  });
}

/** A reasoning part of this API as the reasoning input item it came from. */
function reasoningItem(part: ReasoningPart & { id: string }): ResponseReasoningItem {
  const item: ResponseReasoningItem = {
    type: "reasoning",
    id: part.id,
    summary: part.text === "" ? [] : [{ type: "summary_text", text: part.text }],
  };
  if (part.encryptedContent !== undefined) item.encrypted_content = part.encryptedContent;
  return item;
}

/**
 * An assistant answer as input items, in the order the API wrote them: its reasoning items
 * (only this API's parts: other providers' are left out), its text as an assistant message, its
 * tool calls as `function_call` items. Reasoning goes back only before something it led to (the
 * API refuses a reasoning item without its following item), and blank text is left out.
 */
function assistantItems(message: AssistantMessage): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  const calls = message.toolCalls ?? [];
  const hasText = message.content.trim() !== "";
  if (hasText || calls.length > 0) {
    for (const part of message.reasoning ?? []) {
      if (part.provider === RESPONSES_REASONING && typeof part.id === "string" && part.id !== "") {
        items.push(reasoningItem({ ...part, id: part.id }));
      }
    }
  }
  if (hasText) items.push({ role: "assistant", content: message.content });
  for (const call of calls) {
    items.push({
      type: "function_call",
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
    });
  }
  return items;
}

/** A conversation in Responses form: system messages as `instructions`, the rest as `input`. */
export interface ResponsesConversation {
  /** Every system message, joined by a blank line; undefined when there is none. */
  instructions: string | undefined;
  input: ResponseInputItem[];
}

interface Fold {
  instructions: string[];
  input: ResponseInputItem[];
}

function addMessage(fold: Fold, message: Message): void {
  if (typeof message !== "object" || message === null) throw unsendableMessage(message);
  switch (message.role) {
    case "system":
      fold.instructions.push(message.content);
      return;
    case "user":
      fold.input.push({ role: "user", content: userContent(message.content) });
      return;
    case "assistant":
      fold.input.push(...assistantItems(message));
      return;
    case "tool":
      // The API has no error flag on a function call's output: the text says it.
      fold.input.push({
        type: "function_call_output",
        call_id: message.toolCallId,
        output: message.content,
      });
      return;
    default: {
      const unknown: never = message;
      throw unsendableMessage(unknown);
    }
  }
}

/**
 * Converts neutral messages to Responses `instructions` and `input` items. A conversation that
 * continues one sent before converts only its new messages.
 */
export const toResponsesConversation: (messages: readonly Message[]) => ResponsesConversation =
  wireConversation({
    start: (): Fold => ({ instructions: [], input: [] }),
    add: (fold, message) => {
      // Converted whole before anything is added, so a refused message changes nothing.
      const next: Fold = { instructions: [], input: [] };
      addMessage(next, message);
      fold.instructions.push(...next.instructions);
      fold.input.push(...next.input);
    },
    mark: (fold) => ({ instructions: fold.instructions.length, input: fold.input.length }),
    output: (fold, mark) => ({
      instructions:
        mark.instructions === 0
          ? undefined
          : fold.instructions.slice(0, mark.instructions).join("\n\n"),
      input: fold.input.slice(0, mark.input),
    }),
  });
