import { AliceError } from "../errors/alice-error.ts";
import type { ErrorCode } from "../errors/codes.ts";
import type { RetryAfterSource } from "./retry-after.ts";

const MARKER = Symbol.for("alice-agents.provider-error");

/** The error codes a provider call can fail with. */
export type ProviderErrorCode = Extract<ErrorCode, `PROVIDER_${string}`>;

/** What a `ProviderError` records besides its code and message. */
export interface ProviderErrorOptions {
  /** `"openai"`, `"anthropic"` or the name of an OpenAI-compatible server. */
  provider: string;
  model: string;
  /** HTTP status, when the provider answered with one (absent for connection and stream errors). */
  status?: number | undefined;
  /** The provider's request id (`x-request-id` / `request-id`), for support tickets. */
  requestId?: string | undefined;
  /** True when the same request may succeed later (429, 5xx, connection errors, …). */
  isRetryable: boolean;
  /** HTTP attempts made before giving up (0 when the request was refused before sending). */
  attempts?: number;
  /** The wait the provider asked for (`retry-after-ms` / `retry-after`), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** Which header `retryAfterMs` came from. */
  retryAfterSource?: RetryAfterSource | undefined;
  /** The provider's own error type or code (`rate_limit_exceeded`, `overloaded_error`, …). */
  providerErrorType?: string | undefined;
  /** The SDK error (or other failure) this error wraps. */
  cause?: unknown;
}

/** A `ProviderError` as plain JSON data. */
export interface ProviderErrorJson {
  name: string;
  code: ProviderErrorCode;
  message: string;
  provider: string;
  model: string;
  status?: number;
  requestId?: string;
  isRetryable: boolean;
  attempts: number;
  retryAfterMs?: number;
  providerErrorType?: string;
}

/**
 * A model call failed: branch on `code` (`PROVIDER_RATE_LIMIT`, `PROVIDER_AUTHENTICATION`, …)
 * and `isRetryable`; `cause` keeps the SDK's error. Messages never contain the API key.
 */
export class ProviderError extends AliceError {
  declare readonly code: ProviderErrorCode;
  readonly [MARKER] = true;
  readonly provider: string;
  readonly model: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly isRetryable: boolean;
  /** HTTP attempts made; set by the retry loop when it gives up. */
  attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly retryAfterSource: RetryAfterSource | undefined;
  readonly providerErrorType: string | undefined;

  constructor(code: ProviderErrorCode, message: string, options: ProviderErrorOptions) {
    super(code, message, { cause: options.cause });
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.requestId = options.requestId;
    this.isRetryable = options.isRetryable;
    this.attempts = options.attempts ?? 1;
    this.retryAfterMs = options.retryAfterMs;
    this.retryAfterSource = options.retryAfterSource;
    this.providerErrorType = options.providerErrorType;
  }

  /** True for any `ProviderError`, even one created by another copy of the package. */
  static override isInstance(value: unknown): value is ProviderError {
    return typeof value === "object" && value !== null && MARKER in value;
  }

  /** @deprecated Use `ProviderError.isInstance` (the same check). */
  static isProviderError(value: unknown): value is ProviderError {
    return ProviderError.isInstance(value);
  }

  /** The error as plain data (no cause, no stack), safe to log or store. */
  toJSON(): ProviderErrorJson {
    const json: ProviderErrorJson = {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      model: this.model,
      isRetryable: this.isRetryable,
      attempts: this.attempts,
    };
    if (this.status !== undefined) json.status = this.status;
    if (this.requestId !== undefined) json.requestId = this.requestId;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    if (this.providerErrorType !== undefined) json.providerErrorType = this.providerErrorType;
    return json;
  }
}
