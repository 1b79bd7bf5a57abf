import type { ErrorCode } from "./codes.ts";

const MARKER = Symbol.for("alice-agents.error");

/** Options shared by every framework error. */
export interface AliceErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

/**
 * Base class of every error the framework throws or records. Branch on `code`, not on the
 * message; use `AliceError.isInstance(e)` rather than `instanceof`, which fails across two
 * installed copies of the package.
 */
export class AliceError extends Error {
  readonly code: ErrorCode;
  readonly [MARKER] = true;

  constructor(code: ErrorCode, message: string, options: AliceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }

  /** True for any alice-agents error, even one created by another copy of the package. */
  static isInstance(value: unknown): value is AliceError {
    return typeof value === "object" && value !== null && MARKER in value;
  }
}
