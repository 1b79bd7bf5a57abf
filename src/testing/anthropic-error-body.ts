import type { JsonObject } from "../messages/json.ts";
import type { ErrorFields, SseEvent } from "./wire-format.ts";

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const ERROR_MESSAGES: Record<string, string> = {
  authentication_error: "invalid x-api-key",
  rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit.",
  overloaded_error: "Overloaded",
  api_error: "Internal server error",
};

function errorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** The Anthropic error body for a status: `{ type: "error", error: { type, message }, request_id }`. */
export function anthropicErrorBody(
  status: number,
  fields: ErrorFields,
  requestId: string,
): JsonObject {
  const type = fields.type ?? errorType(status);
  const message = fields.message ?? ERROR_MESSAGES[type] ?? `Request failed with status ${status}.`;
  return { type: "error", error: { type, message }, request_id: requestId };
}

/** An in-band stream error: `event: error` with an error body. */
export function anthropicStreamError(fields: ErrorFields): SseEvent {
  const type = fields.type ?? "overloaded_error";
  const message = fields.message ?? ERROR_MESSAGES[type] ?? "Stream error";
  return { event: "error", data: JSON.stringify({ type: "error", error: { type, message } }) };
}
