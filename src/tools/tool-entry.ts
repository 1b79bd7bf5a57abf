import type { z } from "zod";
import type { ErrorCode } from "../errors/codes.ts";
import type { ToolMessage } from "../messages/message.ts";
import type { ToolContext } from "./define-tool.ts";

/** A tool the runner can call: a function tool or a task, behind one shape. */
export interface ToolEntry {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly timeoutMs: number | undefined;
  /** Running a call again is safe (see `Tool.idempotent`). @default false */
  readonly idempotent?: boolean;
  /**
   * Whether a journal records its calls. `false` for a tool that keeps its own record: a
   * sub-task runs as a stored run of its own. @default true
   */
  readonly journaled?: boolean;
  /**
   * Runs the tool with validated arguments; `content` is what the model reads. A tool that
   * answers synchronously returns the invocation itself (no time limit needs watching).
   */
  invoke(args: unknown, context: ToolContext): ToolInvocation | Promise<ToolInvocation>;
}

/** What one tool execution produced. */
export interface ToolInvocation {
  content: string;
  isError?: boolean;
  /** Why it failed, when `isError`. @default "TOOL_EXECUTION_FAILED" */
  code?: ErrorCode;
  /** Extra data for the node's references (e.g. a sub-task's TaskResponse). */
  detail?: unknown;
}

/** One tool call's result, tied to the call. */
export interface ToolCallOutcome {
  message: ToolMessage;
  /** Why the call failed, when it did. */
  error?: { code: ErrorCode; message: string };
  detail?: unknown;
  /**
   * Set when the journal says the call started before the run stopped and never ended, and it
   * was not run again (the tool is not idempotent): a person must say whether it happened.
   */
  unconfirmed?: { key: string };
}
