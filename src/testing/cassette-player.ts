import { HttpResponse } from "msw";
import { byteStream, encodeChunks, STREAMED_BODY_HEADERS } from "./byte-stream.ts";
import type { Cassette, CassetteResponse } from "./cassette.ts";
import { describeRequest, truncate } from "./describe-request.ts";
import { jsonDifference } from "./json-difference.ts";
import type { MockRequest } from "./mock-request.ts";
import type { Responder, ResponderContext } from "./responder.ts";
import { encodeSse } from "./sse-event.ts";

function replay(response: CassetteResponse, signal: AbortSignal): Response {
  const init = { status: response.status, headers: response.headers };
  if (response.events !== undefined) {
    const frames = response.events.map(({ event, data }) =>
      encodeSse({
        ...(event === undefined ? {} : { event }),
        data: typeof data === "string" ? data : JSON.stringify(data),
      }),
    );
    const headers = { ...response.headers, ...STREAMED_BODY_HEADERS };
    return new HttpResponse(byteStream(encodeChunks(frames), {}, signal), { ...init, headers });
  }
  const body = response.body === undefined ? (response.text ?? "") : JSON.stringify(response.body);
  return new HttpResponse(body, init);
}

function show(value: unknown): string {
  return value === undefined ? "(absent)" : truncate(JSON.stringify(value), 300);
}

/** Answers the n-th request with the n-th recorded response, after checking it is the same request. */
export function cassettePlayer(cassette: Cassette, path: string): Responder {
  const { interactions } = cassette;
  const used = new Set<number>();
  const rerecord = "If the change is intended, re-record with ALICE_RECORD=1 and a real API key.";

  async function respond(request: MockRequest, raw: Request, { wire, fail }: ResponderContext) {
    const entry = interactions[request.index];
    const where = `${wire.kitName} (cassette ${path})`;
    if (entry === undefined) {
      return fail(
        "MOCK_UNEXPECTED_REQUEST",
        `${where} received request #${request.index + 1}, but the cassette holds only ${interactions.length} interaction(s).\n${describeRequest(request)}\n${rerecord}`,
        request,
      );
    }
    request.turn = request.index;
    used.add(request.index);
    const recordedPath = new URL(entry.request.url).pathname;
    const difference =
      entry.request.method !== request.method
        ? { path: "method", expected: entry.request.method, actual: request.method }
        : recordedPath !== new URL(request.url).pathname
          ? { path: "url path", expected: recordedPath, actual: new URL(request.url).pathname }
          : jsonDifference(entry.request.body, request.body, "body");
    if (difference !== undefined) {
      return fail(
        "MOCK_TURN_MISMATCH",
        `${where}: request #${request.index + 1} differs from the recorded one at ${difference.path}:\n  recorded: ${show(difference.expected)}\n  received: ${show(difference.actual)}\n${describeRequest(request)}\n${rerecord}`,
        request,
      );
    }
    return replay(entry.response, raw.signal);
  }

  function unusedMessage(received: number): string | undefined {
    const unused = interactions.length - used.size;
    if (unused === 0) return undefined;
    const first = interactions.findIndex((_, i) => !used.has(i));
    return `${unused} of ${interactions.length} recorded interaction(s) in ${path} never requested (received ${received}); the first is #${first + 1}.`;
  }

  return { respond, unusedMessage };
}
