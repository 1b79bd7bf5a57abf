import type { JsonObject } from "../messages/json.ts";

/** A tool result the request sends back to the model, normalised across providers. */
export interface MockToolResult {
  /** The tool call id it answers (`tool_call_id` / `tool_use_id`). */
  toolCallId: string;
  /** The result as text (content parts joined). */
  content: string;
  /** Anthropic's `is_error`; OpenAI tool messages carry no error flag, so it is never set there. */
  isError?: boolean;
}

/** What the provider-neutral view of a request body shows, for `match` and assertions. */
export interface MockRequestSummary {
  /** The request's `model`. */
  model: string | undefined;
  /** Text of the last user message (tool results excluded), or "" when there is none. */
  lastUserText: string;
  /** Names of the tools offered in the request. */
  toolNames: string[];
  /** Every tool result in the conversation, in order. */
  toolResults: MockToolResult[];
}

/** A request the mock received: raw parts plus a provider-neutral summary. */
export interface MockRequest extends MockRequestSummary {
  /** 0-based order of arrival. */
  index: number;
  /** 0-based index of the scripted turn (or cassette entry) that answered; null beyond the script. */
  turn: number | null;
  provider: "openai" | "anthropic";
  method: string;
  /** The URL, with the values of credential query parameters (`?api_key=`) redacted. */
  url: string;
  /**
   * Request headers, names lower-cased. Credential headers (named like a key, token, secret, auth,
   * cookie, …) keep their name with the value redacted: `authorization: "Bearer [REDACTED]"`.
   */
  headers: Record<string, string>;
  /** The parsed JSON body. */
  body: JsonObject;
  /** True when the body asked for an SSE stream (`stream: true`). */
  stream: boolean;
}

/** Reads a header map from a fetch `Headers`, names lower-cased. */
export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}
