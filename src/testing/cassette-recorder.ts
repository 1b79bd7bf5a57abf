import { bypass, HttpResponse } from "msw";
import type { JsonValue } from "../messages/json.ts";
import { STREAMED_BODY_HEADERS } from "./byte-stream.ts";
import type { Cassette, CassetteEvent, CassetteInteraction, CassetteResponse } from "./cassette.ts";
import { writeCassette } from "./cassette.ts";
import { parseJson } from "./json-access.ts";
import { headersToRecord, type MockRequest } from "./mock-request.ts";
import type { Responder, ResponderContext } from "./responder.ts";
import { scrubHeaders, scrubUrl } from "./scrub-secrets.ts";
import { parseSse } from "./sse-event.ts";

/** Headers that describe the upstream transfer, not the decoded body we hand on. */
const TRANSFER_HEADERS = ["content-encoding", "content-length", "transfer-encoding", "connection"];
/** Connection-level and volatile headers left out of cassettes, to keep them readable and stable. */
const NOISE_HEADERS =
  /^(host|content-length|connection|keep-alive|accept-encoding|accept-language|sec-fetch-mode|date|transfer-encoding|content-encoding)$/;

function withoutNoise(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !NOISE_HEADERS.test(name)));
}

function eventsOf(text: string): CassetteEvent[] {
  return parseSse(text).map(({ event, data }) => {
    const parsed = parseJson(data);
    const value: JsonValue = typeof parsed === "object" && parsed !== null ? parsed : data;
    return event === undefined ? { data: value } : { event, data: value };
  });
}

function bodyOf(text: string, contentType: string): Pick<CassetteResponse, "body" | "text"> {
  const json = contentType.includes("json") ? parseJson(text) : undefined;
  return json === undefined ? { text } : { body: json };
}

/** Passes each request through to the real API and writes the exchange to a cassette. */
export function cassetteRecorder(path: string): Responder {
  const interactions: (CassetteInteraction | undefined)[] = [];
  const secrets = new Set<string>();
  let provider: Cassette["provider"] = "openai";

  function save(index: number, interaction: CassetteInteraction): void {
    interactions[index] = interaction;
    const recorded = interactions.filter((i): i is CassetteInteraction => i !== undefined);
    writeCassette(
      path,
      { version: 1, provider, recordedAt: new Date().toISOString(), interactions: recorded },
      secrets,
    );
  }

  async function respond(request: MockRequest, raw: Request, { wire }: ResponderContext) {
    request.turn = request.index;
    provider = wire.provider;
    // From the raw request: the log's copy has its credentials redacted already, and their
    // values must be collected before anything is written.
    const recordedRequest = {
      method: request.method,
      url: scrubUrl(raw.url, secrets),
      headers: scrubHeaders(withoutNoise(headersToRecord(raw.headers)), secrets),
      body: request.body,
    };
    let upstream: Response;
    try {
      upstream = await fetch(bypass(raw));
    } catch {
      return HttpResponse.error();
    }
    const headers = headersToRecord(upstream.headers);
    for (const name of TRANSFER_HEADERS) delete headers[name];
    const response = {
      status: upstream.status,
      headers: scrubHeaders(withoutNoise(headers), secrets),
    };
    const contentType = headers["content-type"] ?? "";
    if (!contentType.includes("text/event-stream") || upstream.body === null) {
      const text = await upstream.text();
      save(request.index, {
        request: recordedRequest,
        response: { ...response, ...bodyOf(text, contentType) },
      });
      return new HttpResponse(text, { status: upstream.status, headers });
    }
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    // Saving in flush() means the cassette is written before the client sees the end of the stream.
    const recording = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        chunks.push(decoder.decode(chunk, { stream: true }));
        controller.enqueue(chunk);
      },
      flush() {
        chunks.push(decoder.decode());
        save(request.index, {
          request: recordedRequest,
          response: { ...response, events: eventsOf(chunks.join("")) },
        });
      },
    });
    return new HttpResponse(upstream.body.pipeThrough(recording), {
      status: upstream.status,
      headers: { ...headers, ...STREAMED_BODY_HEADERS },
    });
  }

  return { respond, unusedMessage: () => undefined };
}
