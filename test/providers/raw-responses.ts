import { HttpResponse, http } from "msw";

/** Hand-written answers for wire shapes the mock kit does not script (compatible servers' quirks). */
export interface RawRoute {
  /** Request bodies received, in order. */
  bodies: unknown[];
  handler: ReturnType<typeof http.post>;
}

/** An SSE body sent as the given raw text, cut into `chunkBytes`-byte chunks. */
export function sseBody(text: string, chunkBytes = 16): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

/** Serialises SSE events: `data:` lines (and `event:` when named), with the given line ending. */
export function sse(events: readonly (object | string)[], newline = "\n", named = false): string {
  return events
    .map((event) => {
      const data = typeof event === "string" ? event : JSON.stringify(event);
      const name =
        named && typeof event === "object" && "type" in event
          ? `event: ${String(event.type)}${newline}`
          : "";
      return `${name}data: ${data}${newline}${newline}`;
    })
    .join("");
}

/** Answers every POST to `url` with `respond()`, recording request bodies. */
export function rawRoute(url: string, respond: () => Response): RawRoute {
  const bodies: unknown[] = [];
  const handler = http.post(url, async ({ request }) => {
    bodies.push(await request.json());
    return respond();
  });
  return { bodies, handler };
}

/** A 200 SSE response from raw text. */
export function sseResponse(text: string, chunkBytes?: number): Response {
  return new HttpResponse(sseBody(text, chunkBytes), {
    headers: {
      "content-type": "text/event-stream",
      "x-request-id": "req_raw",
      "request-id": "req_raw",
    },
  });
}

export const OPENAI_URL = "https://api.openai.com/v1/chat/completions";
export const ANTHROPIC_URL = "https://api.anthropic.com/v1/messages";
