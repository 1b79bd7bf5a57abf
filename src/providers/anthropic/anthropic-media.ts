import type {
  Base64ImageSource,
  DocumentBlockParam,
  ImageBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { ContentPart } from "../../messages/message.ts";
import { baseMediaType, dataUrlText, parseDataUrl } from "../data-url.ts";
import { unsendableMedia } from "../unsendable-message.ts";

type MediaPart = Extract<ContentPart, { type: "image" | "file" }>;
type ImageType = Base64ImageSource["media_type"];

const API = "the Anthropic Messages API";
const ACCEPTS =
  "images (jpeg, png, gif or webp), PDFs (as a data: or https URL) and plain text as a UTF-8 data: URL";

// The media types of Base64ImageSource in @anthropic-ai/sdk 1.14.0.
const IMAGE_TYPES: ReadonlySet<string> = new Set<ImageType>([
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
]);

const isWebUrl = (url: string) => /^https?:/i.test(url);

function image(url: string): ImageBlockParam {
  const data = parseDataUrl(url);
  if (data === undefined) return { type: "image", source: { type: "url", url } };
  if (!IMAGE_TYPES.has(data.mediaType)) {
    throw unsendableMedia(`an image of type ${data.mediaType}`, API, ACCEPTS);
  }
  const mediaType = data.mediaType as ImageType;
  return { type: "image", source: { type: "base64", media_type: mediaType, data: data.base64 } };
}

function document(part: MediaPart & { type: "file" }, type: string): DocumentBlockParam {
  const data = parseDataUrl(part.url);
  let source: DocumentBlockParam["source"];
  if (type === "application/pdf") {
    if (data !== undefined) {
      source = { type: "base64", media_type: "application/pdf", data: data.base64 };
    } else if (isWebUrl(part.url)) {
      source = { type: "url", url: part.url };
    } else {
      throw unsendableMedia(`a PDF whose URL is neither https nor data:`, API, ACCEPTS);
    }
  } else {
    // text/plain: the text source holds the text itself and has no URL form.
    if (data === undefined) throw unsendableMedia(`a file of type ${type} by URL`, API, ACCEPTS);
    const text = dataUrlText(data);
    if (text === undefined) {
      throw unsendableMedia(`a file of type ${type} that is not UTF-8 text`, API, ACCEPTS);
    }
    source = { type: "text", media_type: "text/plain", data: text };
  }
  return part.filename === undefined
    ? { type: "document", source }
    : { type: "document", source, title: part.filename };
}

/**
 * A user message's image or file as a Messages API block (ImageBlockParam and DocumentBlockParam
 * in @anthropic-ai/sdk 1.14.0's resources/messages/messages.d.ts): an image is an `image` with a
 * base64 source (a data: URL of jpeg, png, gif or webp) or a url source; a PDF is a `document`
 * with a base64 or url source; plain text (a data: URL) is a `document` with a text source, the
 * text itself. The Messages API has no audio or video block: those, and other kinds, are refused
 * before sending.
 */
export function anthropicMediaBlock(part: MediaPart): ImageBlockParam | DocumentBlockParam {
  if (part.type === "image") return image(part.url);
  const type = baseMediaType(part.mediaType);
  if (type.startsWith("image/")) return image(part.url);
  if (type === "application/pdf" || type === "text/plain") return document(part, type);
  throw unsendableMedia(`a file of type ${type}`, API, ACCEPTS);
}
