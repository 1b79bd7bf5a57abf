import { AliceError, type AliceErrorOptions } from "../errors/alice-error.ts";
import type { MockRequest } from "./mock-request.ts";
import { redactRequest } from "./redact-request.ts";
import { scrubText } from "./scrub-secrets.ts";

const MARKER = Symbol.for("alice-agents.mock-llm-error");

/** Codes a mock model fails with. */
export type MockLLMErrorCode =
  | "MOCK_UNEXPECTED_REQUEST"
  | "MOCK_TURN_MISMATCH"
  | "MOCK_TURNS_UNUSED"
  | "MOCK_CASSETTE_INVALID";

/** Options of a `MockLLMError`. */
export interface MockLLMErrorOptions extends AliceErrorOptions {
  /** The request that failed, when one did. The error keeps a redacted copy. */
  request?: MockRequest;
  /** Values to hide in the message and the request, besides the request's own credentials. */
  secrets?: Iterable<string>;
}

/**
 * A scripted mock model was used differently from its script or cassette (a test bug). Its
 * message and request never show a credential: credential headers read `[REDACTED]`, and their
 * values, the given `secrets` and key-shaped strings are hidden everywhere else.
 */
export class MockLLMError extends AliceError {
  declare readonly code: MockLLMErrorCode;
  readonly [MARKER] = true;
  /** The request that failed, when one did (a redacted copy). */
  readonly request: MockRequest | undefined;

  constructor(code: MockLLMErrorCode, message: string, options: MockLLMErrorOptions = {}) {
    const { request, secrets: given = [], ...rest } = options;
    const secrets = new Set(given);
    // Redacting the request first collects its credentials, which the message may show too.
    const safeRequest = request === undefined ? undefined : redactRequest(request, secrets);
    super(code, scrubText(message, secrets), rest);
    this.request = safeRequest;
  }

  /** True for any `MockLLMError`, even one created by another copy of the package. */
  static override isInstance(value: unknown): value is MockLLMError {
    return typeof value === "object" && value !== null && MARKER in value;
  }
}
