import { HttpResponse } from "msw";
import type { MockLLMError } from "./mock-llm-error.ts";
import type { MockHttpError } from "./mock-turn.ts";
import type { WireFormat } from "./wire-format.ts";

/** Statuses both SDKs retry by default. */
function isRetryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The provider's error response for a scripted `error` turn. Retryable statuses get
 * `retry-after-ms: 1` (so retries in tests take a millisecond) unless the turn sets a retry header.
 */
export function errorResponse(wire: WireFormat, error: MockHttpError, requestId: string): Response {
  const headers = new Headers({ [wire.requestIdHeader]: requestId });
  const custom = new Headers(error.headers);
  if (isRetryable(error.status) && !custom.has("retry-after") && !custom.has("retry-after-ms")) {
    headers.set("retry-after-ms", "1");
  }
  let body: string;
  if (error.body === undefined) {
    body = JSON.stringify(wire.errorBody(error.status, error, requestId));
    headers.set("content-type", "application/json");
  } else if (typeof error.body === "string") {
    body = error.body;
    headers.set("content-type", "text/plain; charset=utf-8");
  } else {
    body = JSON.stringify(error.body);
    headers.set("content-type", "application/json");
  }
  custom.forEach((value, name) => {
    headers.set(name, value);
  });
  return new HttpResponse(body, { status: error.status, headers });
}

/** The response sent for a request the script did not expect: a non-retryable 400 naming the failure. */
export function failureResponse(
  wire: WireFormat,
  failure: MockLLMError,
  requestId: string,
): Response {
  return errorResponse(
    wire,
    {
      status: 400,
      type: "invalid_request_error",
      code: failure.code,
      message: failure.message,
      headers: { "x-should-retry": "false", "x-alice-mock-failure": failure.code },
    },
    requestId,
  );
}
