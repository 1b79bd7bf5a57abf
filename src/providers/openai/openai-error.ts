import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { connectionFailure, isNetworkError, type ProviderFailure } from "../provider-failure.ts";

function innerMessage(error: APIError): string {
  const inner: unknown = error.error;
  if (typeof inner === "object" && inner !== null && "message" in inner) {
    const { message } = inner;
    if (typeof message === "string") return message;
  }
  return error.message;
}

/** Reads an error thrown by the openai SDK (or by fetch underneath it). */
export function describeOpenAIError(error: unknown): ProviderFailure {
  if (error instanceof APIConnectionError) {
    return connectionFailure(error, error instanceof APIConnectionTimeoutError);
  }
  if (error instanceof APIError) {
    const providerErrorType = error.code ?? error.type ?? undefined;
    const failure: ProviderFailure = {
      // No status: an error event inside a 200 stream.
      kind: error.status === undefined ? "stream" : "http",
      message: innerMessage(error),
      status: error.status,
      headers: error.headers,
      requestId: error.requestID ?? undefined,
      providerErrorType,
      cause: error,
    };
    return failure;
  }
  if (isNetworkError(error)) {
    return { kind: "disconnected", message: (error as Error).message, cause: error };
  }
  // Malformed SSE JSON (SyntaxError), other SDK complaints (OpenAIError), anything unexpected.
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "invalid-response", message, cause: error };
}
