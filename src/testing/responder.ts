import type { MockLLMErrorCode } from "./mock-llm-error.ts";
import type { MockRequest } from "./mock-request.ts";
import type { WireFormat } from "./wire-format.ts";

/** What a responder may use from the mock that owns it. */
export interface ResponderContext {
  wire: WireFormat;
  /** Records a failure (surfaced by `assertComplete`) and returns the error response to send. */
  fail(code: MockLLMErrorCode, message: string, request: MockRequest): Response;
}

/** How a mock answers requests: from a script of turns, a cassette, or the real API. */
export interface Responder {
  /** Answers one request; sets `request.turn`. `raw` is the unread intercepted request. */
  respond(request: MockRequest, raw: Request, context: ResponderContext): Promise<Response>;
  /** Describes what was never requested, or undefined when everything was used. */
  unusedMessage(received: number): string | undefined;
}
