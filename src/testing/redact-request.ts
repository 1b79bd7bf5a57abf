import type { JsonObject, JsonValue } from "../messages/json.ts";
import type { MockRequest } from "./mock-request.ts";
import { redactHeaders, redactUrl, scrubText } from "./scrub-secrets.ts";

function redactJson(value: JsonValue, secrets: ReadonlySet<string>): JsonValue {
  if (typeof value === "string") return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secrets));
  if (value === null || typeof value !== "object") return value;
  return redactObject(value, secrets);
}

function redactObject(object: JsonObject, secrets: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(
    Object.entries(object).map(([key, item]) => [
      scrubText(key, secrets),
      redactJson(item, secrets),
    ]),
  );
}

/**
 * A copy of a request safe to show: credential headers and query parameters redacted (their
 * values added to `secrets`), then every known secret and key-shaped string hidden in the URL,
 * the body and the summary. String by string, so the copy stays valid data.
 */
export function redactRequest(request: MockRequest, secrets: Set<string>): MockRequest {
  const headers = redactHeaders(request.headers, secrets);
  const url = scrubText(redactUrl(request.url, secrets), secrets);
  const redact = (text: string) => scrubText(text, secrets);
  return {
    ...request,
    url,
    headers: Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, redact(v)])),
    body: redactObject(request.body, secrets),
    ...(request.model === undefined ? {} : { model: redact(request.model) }),
    lastUserText: redact(request.lastUserText),
    toolNames: request.toolNames.map(redact),
    toolResults: request.toolResults.map((result) => ({
      ...result,
      toolCallId: redact(result.toolCallId),
      content: redact(result.content),
    })),
  };
}
