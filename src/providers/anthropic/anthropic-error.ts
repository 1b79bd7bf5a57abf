import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
} from "@anthropic-ai/sdk";
import { connectionFailure, isNetworkError, type ProviderFailure } from "../provider-failure.ts";

/** Reads an error thrown by the @anthropic-ai/sdk (or by fetch underneath it). */
export function describeAnthropicError(error: unknown): ProviderFailure {
  if (error instanceof APIConnectionError) {
    return connectionFailure(error, error instanceof APIConnectionTimeoutError);
  }
  if (error instanceof APIError) {
    return {
      // No status: an `event: error` inside a 200 stream.
      kind: error.status === undefined ? "stream" : "http",
      message: error.apiMessage ?? error.message,
      status: error.status,
      headers: error.headers,
      requestId: error.requestID ?? undefined,
      providerErrorType: error.errorCode ?? error.type ?? undefined,
      cause: error,
    };
  }
  if (isNetworkError(error)) {
    return { kind: "disconnected", message: (error as Error).message, cause: error };
  }
  const message = error instanceof Error ? error.message : String(error);
  // The SDK refuses some requests before sending (e.g. a large max_tokens without streaming).
  if (error instanceof AnthropicError) {
    return { kind: "refused", message, cause: error };
  }
  return { kind: "invalid-response", message, cause: error };
}
