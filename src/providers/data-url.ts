/** A `data:` URL read (RFC 2397): its media type and its bytes, base64-encoded. */
export interface DataUrl {
  /** The media type, lower-cased, without parameters; `text/plain` when the URL states none. */
  mediaType: string;
  /** The `charset` parameter, lower-cased, when the URL states one. */
  charset?: string;
  /** The bytes, base64-encoded (percent-encoded data is re-encoded). */
  base64: string;
}

const DATA_URL = /^data:([^,]*),(.*)$/is;

/** The media type of a content part as providers compare it: lower-cased, parameters dropped. */
export function baseMediaType(mediaType: string): string {
  return (mediaType.split(";")[0] ?? "").trim().toLowerCase();
}

/** Reads a `data:` URL, or returns undefined when `url` is not one. */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = DATA_URL.exec(url);
  if (match === null) return undefined;
  const [type = "", ...parameters] = (match[1] ?? "").split(";").map((p) => p.trim());
  const data = match[2] ?? "";
  const isBase64 = parameters.at(-1)?.toLowerCase() === "base64";
  const charset = parameters
    .map((p) => /^charset=(.+)$/i.exec(p)?.[1])
    .find((value) => value !== undefined);
  const parsed: DataUrl = {
    mediaType: type === "" ? "text/plain" : type.toLowerCase(),
    base64: isBase64
      ? data.replace(/\s+/g, "")
      : Buffer.from(percentDecoded(data)).toString("base64"),
  };
  if (charset !== undefined) parsed.charset = charset.toLowerCase();
  return parsed;
}

/** The text a `data:` URL holds, when it is UTF-8 (or ASCII); undefined otherwise. */
export function dataUrlText(dataUrl: DataUrl): string | undefined {
  const { charset } = dataUrl;
  if (charset !== undefined && !["utf-8", "utf8", "us-ascii", "ascii"].includes(charset)) {
    return undefined;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(dataUrl.base64, "base64"));
  } catch {
    return undefined;
  }
}

/** The bytes of percent-encoded data: `%XX` is a byte, any other character its UTF-8 bytes. */
function percentDecoded(data: string): Uint8Array {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < data.length; i++) {
    const hex = data.slice(i + 1, i + 3);
    if (data[i] === "%" && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const codePoint = data.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(codePoint);
      bytes.push(...encoder.encode(char));
      i += char.length - 1;
    }
  }
  return Uint8Array.from(bytes);
}
