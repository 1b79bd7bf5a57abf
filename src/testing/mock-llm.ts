import { type HttpHandler, http } from "msw";
import { cassettePath, readCassette } from "./cassette.ts";
import { cassettePlayer } from "./cassette-player.ts";
import { cassetteRecorder } from "./cassette-recorder.ts";
import { failureResponse } from "./error-response.ts";
import { asObject, parseJson } from "./json-access.ts";
import { MockLLMError, type MockLLMErrorCode } from "./mock-llm-error.ts";
import { headersToRecord, type MockRequest } from "./mock-request.ts";
import type { MockTurn } from "./mock-turn.ts";
import type { Responder, ResponderContext } from "./responder.ts";
import { scriptResponder } from "./script-responder.ts";
import { redactHeaders, redactUrl } from "./scrub-secrets.ts";
import type { WireFormat } from "./wire-format.ts";

/** Options of `mockOpenAI` and `mockAnthropic`. */
export interface MockLLMOptions {
  /**
   * The `baseURL` your SDK client uses, for compatible servers on other hosts and paths; `"*"`
   * matches any host. @default "https://api.openai.com/v1" (OpenAI), "https://api.anthropic.com" (Anthropic)
   */
  baseURL?: string;
  /**
   * A cassette file (path relative to the working directory, or a file URL): replayed in order
   * instead of a script, or written when recording. Pass no turns with it.
   */
  cassette?: string | URL;
  /**
   * Pass requests through to the real API at `baseURL` and write them to `cassette`.
   * @default process.env.ALICE_RECORD === "1"
   */
  record?: boolean;
}

/** A mock model: MSW handlers plus what it received. */
export interface MockLLM {
  /** Request handlers to give to `setupServer(...handlers)` or `server.use(...handlers)`. */
  readonly handlers: HttpHandler[];
  /** Every request received, in order of arrival; credential headers read `[REDACTED]`. */
  readonly requests: readonly MockRequest[];
  /** Requests that were answered with a mock failure (beyond the script, a failed `match`, …). */
  readonly failures: readonly MockLLMError[];
  /** Throws the first failure, or MOCK_TURNS_UNUSED when a scripted turn was never requested. */
  assertComplete(): void;
}

function chooseResponder(
  wire: WireFormat,
  turns: readonly MockTurn[],
  options: MockLLMOptions,
): Responder {
  const { cassette, record = process.env.ALICE_RECORD === "1" } = options;
  if (cassette === undefined) return scriptResponder(turns);
  if (turns.length > 0) {
    throw new MockLLMError(
      "MOCK_CASSETTE_INVALID",
      `${wire.kitName}: pass either scripted turns or a cassette, not both (got ${turns.length} turns and cassette ${String(cassette)}).`,
    );
  }
  const path = cassettePath(cassette);
  return record ? cassetteRecorder(path) : cassettePlayer(readCassette(path, wire.provider), path);
}

/** Reads a request for the log; the values of its credential headers go to `secrets`, not the log. */
async function readRequest(
  wire: WireFormat,
  raw: Request,
  index: number,
  secrets: Set<string>,
): Promise<{ request: MockRequest; problem?: string }> {
  const json = parseJson(await raw.clone().text());
  const body = asObject(json) ?? {};
  const request: MockRequest = {
    index,
    turn: null,
    provider: wire.provider,
    method: raw.method,
    url: redactUrl(raw.url, secrets),
    headers: redactHeaders(headersToRecord(raw.headers), secrets),
    body,
    stream: body.stream === true,
    ...wire.summarize(body),
  };
  return asObject(json) === undefined
    ? { request, problem: "its body is not a JSON object" }
    : { request };
}

/**
 * Builds a mock model for one wire format; `mockOpenAI` and `mockAnthropic` are this with a
 * format. `alsoAnswers` are more endpoints of the same provider (OpenAI's Responses API beside
 * Chat Completions) answered from the same script, in one order of arrival.
 */
export function createMockLLM(
  wire: WireFormat,
  turns: readonly MockTurn[],
  options: MockLLMOptions = {},
  alsoAnswers: readonly WireFormat[] = [],
): MockLLM {
  const responder = chooseResponder(wire, turns, options);
  const requests: MockRequest[] = [];
  const failures: MockLLMError[] = [];
  // Every credential this mock has received, hidden in failure messages and their requests.
  const secrets = new Set<string>();
  let arrivals = 0;

  function handlerFor(endpoint: WireFormat): HttpHandler {
    const context: ResponderContext = {
      wire: endpoint,
      fail(code: MockLLMErrorCode, message: string, request: MockRequest) {
        const failure = new MockLLMError(code, message, { request, secrets });
        failures.push(failure);
        return failureResponse(endpoint, failure, `req_mock${request.index + 1}`);
      },
    };
    const base = (options.baseURL ?? endpoint.defaultBaseURL).replace(/\/+$/, "");
    return http.post(`${base}${endpoint.path}`, async ({ request: raw }) => {
      // Taken before any await, so turns follow the order in which requests arrived.
      const index = arrivals++;
      const { request, problem } = await readRequest(endpoint, raw, index, secrets);
      requests.push(request);
      requests.sort((a, b) => a.index - b.index);
      if (problem !== undefined) {
        return context.fail(
          "MOCK_TURN_MISMATCH",
          `${endpoint.kitName}: request #${index + 1} cannot be answered: ${problem}.`,
          request,
        );
      }
      return responder.respond(request, raw, context);
    });
  }

  function assertComplete(): void {
    const [first] = failures;
    if (first !== undefined && failures.length === 1) throw first;
    if (first !== undefined) {
      const all = failures.map((f) => f.message).join("\n\n");
      throw new MockLLMError(
        first.code,
        `${wire.kitName} failed ${failures.length} requests:\n\n${all}`,
        {
          cause: first,
          secrets,
          ...(first.request === undefined ? {} : { request: first.request }),
        },
      );
    }
    const unused = responder.unusedMessage(requests.length);
    if (unused !== undefined)
      throw new MockLLMError("MOCK_TURNS_UNUSED", `${wire.kitName}: ${unused}`, { secrets });
  }

  const handlers = [wire, ...alsoAnswers].map(handlerFor);
  return { handlers, requests, failures, assertComplete };
}
