import type { ChatCompletionContentPart } from "openai/resources/chat/completions";
import type { ContentPart } from "../../messages/message.ts";
import { baseMediaType, parseDataUrl } from "../data-url.ts";
import { unsendableMedia } from "../unsendable-message.ts";

type MediaPart = Extract<ContentPart, { type: "image" | "file" }>;

const API = "the Chat Completions API";
const ACCEPTS =
  "images (image_url), wav or mp3 audio as a data: URL (input_audio) and PDFs as a data: URL (file)";

// `input_audio.format` is "wav" | "mp3" (ChatCompletionContentPartInputAudio in openai 7.57.0's
// resources/chat/completions/completions.d.ts: "Currently supports wav and mp3").
const AUDIO_FORMATS: Readonly<Record<string, "wav" | "mp3">> = {
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
};

// OpenAI answers 400 to a `file_data` without a filename (openai/openai-agents-python#1513,
// langchain-ai/langchainjs#9570), so one is always sent.
const DEFAULT_PDF_NAME = "document.pdf";

/**
 * A user message's image or file as a Chat Completions content part (the union
 * ChatCompletionContentPart in openai 7.57.0): an image is an `image_url` (an https or data: URL);
 * wav or mp3 audio is an `input_audio` with the base64 data and its format; a PDF is a `file`
 * with `file_data`, a `data:application/pdf;base64,` URL, and a filename. Audio and PDFs only as
 * data: URLs: `input_audio` has no URL field, and Chat Completions takes PDFs only, never by URL
 * (OpenAI's "File inputs" guide: "External file URL (file_url): not supported" for Chat
 * Completions). Anything else (video, audio or a PDF by URL, other documents) is refused before
 * sending.
 */
export function openAIMediaPart(part: MediaPart): ChatCompletionContentPart {
  if (part.type === "image") return { type: "image_url", image_url: { url: part.url } };
  const type = baseMediaType(part.mediaType);
  if (type.startsWith("image/")) return { type: "image_url", image_url: { url: part.url } };
  const data = parseDataUrl(part.url);
  const format = AUDIO_FORMATS[type];
  if (format !== undefined || type === "application/pdf") {
    if (data === undefined) throw unsendableMedia(`a file of type ${type} by URL`, API, ACCEPTS);
    if (format !== undefined) {
      return { type: "input_audio", input_audio: { data: data.base64, format } };
    }
    return {
      type: "file",
      file: {
        file_data: `data:application/pdf;base64,${data.base64}`,
        filename: part.filename ?? DEFAULT_PDF_NAME,
      },
    };
  }
  throw unsendableMedia(`a file of type ${type}`, API, ACCEPTS);
}
