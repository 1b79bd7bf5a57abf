import { AliceError } from "../errors/alice-error.ts";
import type { ErrorCode } from "../errors/codes.ts";

/** The error codes a prompt can fail with. */
export type PromptErrorCode = Extract<ErrorCode, `PROMPT_${string}`> | "TEMPLATE_RENDER_FAILED";

/** Where and about what a prompt error happened; every field is optional. */
export interface PromptErrorDetails {
  /** The prompt's name (or id, for files). */
  promptName?: string;
  /** The variable concerned, as a path for nested values: `user.tags[1]`. */
  variable?: string;
  /** What was expected: `a string`, `one of "LOW", "HIGH"`. */
  expected?: string;
  /** The file the error is in. */
  filePath?: string;
  /** 1-based line in `filePath` (or in the template text when there is no file). */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** The chain of partials that led here, e.g. `["greet", "header", "footer", "header"]`. */
  chain?: readonly string[];
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A prompt could not be loaded, checked or rendered. The message starts with `file:line:column`
 * when the problem has a place, so editors and terminals can jump to it.
 */
export class PromptError extends AliceError {
  declare readonly code: PromptErrorCode;
  readonly promptName: string | undefined;
  readonly variable: string | undefined;
  readonly expected: string | undefined;
  readonly filePath: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly chain: readonly string[] | undefined;

  constructor(code: PromptErrorCode, message: string, details: PromptErrorDetails = {}) {
    super(code, `${locationPrefix(details)}${message}`, { cause: details.cause });
    this.promptName = details.promptName;
    this.variable = details.variable;
    this.expected = details.expected;
    this.filePath = details.filePath;
    this.line = details.line;
    this.column = details.column;
    this.chain = details.chain;
  }
}

function locationPrefix({ filePath, line, column }: PromptErrorDetails): string {
  if (filePath === undefined) return "";
  if (line === undefined) return `${filePath}: `;
  return column === undefined ? `${filePath}:${line}: ` : `${filePath}:${line}:${column}: `;
}
