import type { JsonObject } from "../messages/json.ts";
import type { ErrorFields, SseEvent } from "./wire-format.ts";

const ERROR_DEFAULTS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  401: {
    type: "invalid_request_error",
    code: "invalid_api_key",
    message: "Incorrect API key provided.",
  },
  403: {
    type: "invalid_request_error",
    code: "unsupported_country_region_territory",
    message: "Country, region, or territory not supported.",
  },
  404: {
    type: "invalid_request_error",
    code: "model_not_found",
    message: "The model does not exist or you do not have access to it.",
  },
  429: {
    type: "requests",
    code: "rate_limit_exceeded",
    message: "Rate limit reached for requests.",
  },
  503: {
    type: "server_error",
    code: "server_is_overloaded",
    message: "The server is overloaded. Please try again later.",
  },
};

function errorDefaults(status: number): { type: string; code: string | null; message: string } {
  const known = ERROR_DEFAULTS[status];
  if (known) return known;
  if (status >= 500) {
    return {
      type: "server_error",
      code: null,
      message: "The server had an error while processing your request. Sorry about that!",
    };
  }
  return {
    type: "invalid_request_error",
    code: null,
    message: `Request failed with status ${status}.`,
  };
}

/** The OpenAI error body for a status: `{ error: { message, type, param, code } }`. */
export function openaiErrorBody(status: number, fields: ErrorFields): JsonObject {
  const defaults = errorDefaults(status);
  return {
    error: {
      message: fields.message ?? defaults.message,
      type: fields.type ?? defaults.type,
      param: null,
      code: fields.code ?? defaults.code,
    },
  };
}

/** An in-band stream error: a `data:` frame holding an error body. */
export function openaiStreamError(fields: ErrorFields): SseEvent {
  const body = openaiErrorBody(500, { ...fields, type: fields.type ?? "server_error" });
  return { data: JSON.stringify(body) };
}
