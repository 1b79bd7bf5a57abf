import { AliceError, type AliceErrorOptions } from "../errors/alice-error.ts";
import type { MockRequest } from "./mock-request.ts";

/** Codes a mock model fails with. */
export type MockLLMErrorCode =
  | "MOCK_UNEXPECTED_REQUEST"
  | "MOCK_TURN_MISMATCH"
  | "MOCK_TURNS_UNUSED"
  | "MOCK_CASSETTE_INVALID";

/** Options of a `MockLLMError`. */
export interface MockLLMErrorOptions extends AliceErrorOptions {
  /** The request that failed, when one did. */
  request?: MockRequest;
}

/** A scripted mock model was used differently from its script or cassette (a test bug). */
export class MockLLMError extends AliceError {
  declare readonly code: MockLLMErrorCode;
  /** The request that failed, when one did. */
  readonly request: MockRequest | undefined;

  constructor(code: MockLLMErrorCode, message: string, options: MockLLMErrorOptions = {}) {
    super(code, message, options);
    this.request = options.request;
  }
}
