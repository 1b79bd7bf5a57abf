import { redactSecrets } from "../errors/redact-secrets.ts";
import { hideURLDetails } from "./endpoint-url.ts";
import { ProviderError, type ProviderErrorCode } from "./provider-error.ts";
import { parseRetryAfter } from "./retry-after.ts";

/** What a driver can tell about a failed call, read from the SDK's error. */
export interface ProviderFailure {
  /**
   * `http`: the provider answered with an error status; `stream`: an error event or an early end;
   * `refused`: the SDK refused the request before sending it; `connection`: no answer came (refused,
   * DNS, TLS, reset before the headers); `disconnected`: the connection broke while the answer
   * was being read.
   */
  kind:
    | "http"
    | "connection"
    | "disconnected"
    | "timeout"
    | "stream"
    | "invalid-response"
    | "refused";
  /** The provider's own message, without status prefix. */
  message: string;
  status?: number | undefined;
  headers?: Headers | undefined;
  requestId?: string | undefined;
  /** The provider's error type or code (`rate_limit_exceeded`, `overloaded_error`, …). */
  providerErrorType?: string | undefined;
  cause: unknown;
}

/** Who made the call, for messages and for redaction. */
export interface FailureContext {
  provider: string;
  model: string;
  /** Values that must never appear in an error (the API key). */
  secrets: readonly string[];
  /** Where the key comes from, for the authentication message: `apiKey or OPENAI_API_KEY`. */
  keySource: string;
  /** The URL requests go to (no query, no credentials), named in connection and timeout errors. */
  endpoint?: string | undefined;
  /** True when no key was sent (a compatible server that was expected to need none). */
  keyless?: boolean | undefined;
}

const MAX_MESSAGE = 500;
const RETRYABLE_STREAM_TYPES = new Set([
  "overloaded_error",
  "api_error",
  "server_error",
  "rate_limit_error",
  "timeout_error",
]);
const QUOTA = /insufficient_quota|billing/i;
const CONTEXT =
  /context[_ ]length|context window|prompt is too long|maximum context|too many (input )?tokens/i;

function retryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function httpCode(status: number, failure: ProviderFailure): ProviderErrorCode {
  const type = failure.providerErrorType ?? "";
  if (status === 401) return "PROVIDER_AUTHENTICATION";
  if (status === 403) return "PROVIDER_PERMISSION";
  if (status === 404) return "PROVIDER_NOT_FOUND";
  if (status === 402 || QUOTA.test(type)) return "PROVIDER_QUOTA_EXCEEDED";
  if (status === 429) return "PROVIDER_RATE_LIMIT";
  if (status === 408 || status === 504) return "PROVIDER_TIMEOUT";
  if (status === 503 || status === 529 || type === "overloaded_error") return "PROVIDER_OVERLOADED";
  if (status >= 500 || status === 409) return "PROVIDER_SERVER";
  if (CONTEXT.test(type) || CONTEXT.test(failure.message)) return "PROVIDER_CONTEXT_LENGTH";
  return "PROVIDER_BAD_REQUEST";
}

function httpRetryable(status: number, failure: ProviderFailure): boolean {
  if (status === 402 || QUOTA.test(failure.providerErrorType ?? "")) return false;
  const override = failure.headers?.get("x-should-retry");
  if (override === "true") return true;
  if (override === "false") return false;
  return retryableStatus(status);
}

const ADVICE: Record<ProviderErrorCode, (context: FailureContext) => string> = {
  PROVIDER_MISSING_API_KEY: (c) => `Pass ${c.keySource}.`,
  PROVIDER_AUTHENTICATION: (c) =>
    c.keyless === true
      ? `No API key was sent; this server wants one: pass ${c.keySource}.`
      : `Check the key given as ${c.keySource}.`,
  PROVIDER_PERMISSION: () => "The key may not use this model or endpoint.",
  PROVIDER_NOT_FOUND: () => "Check the model id and the baseURL.",
  PROVIDER_BAD_REQUEST: () => "The request was refused as invalid; fix what the message names.",
  PROVIDER_CONTEXT_LENGTH: () =>
    "Shorten the conversation or use a model with a larger context window.",
  PROVIDER_RATE_LIMIT: () => "Slow down, retry later, or check the account's quota.",
  PROVIDER_QUOTA_EXCEEDED: () =>
    "The account's quota or billing limit is reached; retrying will not help.",
  PROVIDER_OVERLOADED: () => "The provider is overloaded; retry later.",
  PROVIDER_SERVER: () => "The provider failed; retry later.",
  PROVIDER_CONNECTION: () => "Check the network and the baseURL.",
  PROVIDER_TIMEOUT: () => "The provider took too long; retry later or raise the timeout.",
  PROVIDER_STREAM_ERROR: () => "The streamed answer is incomplete; it was not replayed.",
  PROVIDER_INVALID_RESPONSE: () => "The server's answer is not in the expected format.",
};

const WHAT: Record<ProviderFailure["kind"], (endpoint: string) => string> = {
  http: () => "request failed",
  connection: (url) => `could not connect to ${url}`,
  disconnected: (url) => `the connection to ${url} broke`,
  timeout: (url) => `the request to ${url} timed out`,
  stream: () => "stream failed",
  "invalid-response": () => "invalid response",
  refused: () => "request refused before sending",
};

/** Builds the message of a provider error: who, what, the provider's words, what to do. */
export function providerMessage(
  code: ProviderErrorCode,
  what: string,
  detail: string,
  context: FailureContext,
): string {
  // A URL in the provider's or the network's words keeps only scheme, host, port and path.
  const shown = detail.includes("://") ? hideURLDetails(detail) : detail;
  const clipped = shown.length > MAX_MESSAGE ? `${shown.slice(0, MAX_MESSAGE)}…` : shown;
  const said = clipped.trim() === "" ? "" : `: ${clipped.trim()}`;
  const text = `${context.provider} model "${context.model}": ${what}${said}. ${ADVICE[code](context)}`;
  return redactSecrets(text, { secrets: context.secrets });
}

/** Classifies a failure into a `ProviderError`: code, retryability, retry-after hint. */
export function toProviderError(failure: ProviderFailure, context: FailureContext): ProviderError {
  const { kind, status, headers } = failure;
  let code: ProviderErrorCode;
  let isRetryable: boolean;
  if (kind === "http" && status !== undefined) {
    code = httpCode(status, failure);
    isRetryable = httpRetryable(status, failure);
  } else if (kind === "stream") {
    code = "PROVIDER_STREAM_ERROR";
    const type = failure.providerErrorType;
    isRetryable = type === undefined || RETRYABLE_STREAM_TYPES.has(type);
  } else if (kind === "invalid-response") {
    code = "PROVIDER_INVALID_RESPONSE";
    isRetryable = false;
  } else if (kind === "refused" || kind === "http") {
    code = "PROVIDER_BAD_REQUEST";
    isRetryable = false;
  } else {
    code = kind === "timeout" ? "PROVIDER_TIMEOUT" : "PROVIDER_CONNECTION";
    // kind is "connection", "disconnected" or "timeout": the same request may get through later.
    isRetryable = true;
  }
  const label = [status, failure.providerErrorType].filter((x) => x !== undefined).join(" ");
  const said = WHAT[kind](context.endpoint ?? "the provider");
  const what = label === "" ? said : `${said} (${label})`;
  const retryAfter = parseRetryAfter(headers);
  return new ProviderError(code, providerMessage(code, what, failure.message, context), {
    provider: context.provider,
    model: context.model,
    status,
    requestId: failure.requestId,
    isRetryable,
    retryAfterMs: retryAfter?.ms,
    retryAfterSource: retryAfter?.source,
    providerErrorType: failure.providerErrorType,
    cause: failure.cause,
  });
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** True for the errors `fetch` and sockets throw when a connection fails or breaks. */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  if (error instanceof TypeError && /terminated|fetch failed|network|socket/i.test(error.message)) {
    return true;
  }
  return error.cause !== undefined && error.cause !== error && isNetworkError(error.cause);
}

/** Thrown by drivers for failures they detect themselves (a stream cut short, a malformed answer). */
export class DriverFailure extends Error {
  readonly failure: ProviderFailure;

  constructor(failure: Omit<ProviderFailure, "cause"> & { cause?: unknown }) {
    super(failure.message);
    this.name = "DriverFailure";
    this.failure = { ...failure, cause: failure.cause };
  }
}

/** The innermost message of an error's `cause` chain (`fetch failed` says less than `connect ECONNREFUSED 127.0.0.1:9`). */
function rootMessage(error: Error): string | undefined {
  let message: string | undefined;
  let current: unknown = error.cause;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current.message !== "") message = current.message;
    current = current.cause;
  }
  return message;
}

/** A failure to reach the provider (or a timeout), as both SDKs report it, with the network cause. */
export function connectionFailure(error: Error, timedOut: boolean): ProviderFailure {
  if (timedOut) return { kind: "timeout", message: error.message, cause: error };
  const root = rootMessage(error);
  const cause = root === undefined ? "" : ` (${root})`;
  return {
    kind: "connection",
    message: `${error.message.replace(/\.$/, "")}${cause}`,
    cause: error,
  };
}
