import type { AliceTask } from "./alice-task.ts";
import type { NodeContext } from "./node-context.ts";
import type { NodeError, NodeResponse, NodeResult } from "./types.ts";

/** What calling a node gave: its return value, or what it threw. */
export type Invoked = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The fatal error a node returned, if any. */
export function fatalOf(invoked: Invoked): NodeResult["fatal"] {
  return invoked.ok && isNodeResult(invoked.value) ? invoked.value.fatal : undefined;
}

/** Calls a node; a throw or a rejection becomes data (errors never escape a node). */
export async function invoke(
  task: AliceTask,
  nodeName: string,
  ctx: NodeContext,
): Promise<Invoked> {
  try {
    return { ok: true, value: await task.executeNode(nodeName, ctx) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Turns what a node gave into its `NodeResponse`: a valid result keeps its exit code, output and
 * references; a throw or an invalid return becomes exit code 1 with the error in `references.errors`.
 */
export function toNodeResponse(
  taskId: string,
  nodeName: string,
  executionOrder: number,
  invoked: Invoked,
): NodeResponse {
  if (invoked.ok && isNodeResult(invoked.value)) {
    const { exitCode, output, references = {}, fatal } = invoked.value;
    const response: NodeResponse = {
      parentTaskId: taskId,
      nodeName,
      executionOrder,
      exitCode,
      references,
    };
    if (fatal !== undefined) {
      const error: NodeError = { name: "FatalNodeError", code: fatal.code, message: fatal.message };
      response.references = { ...references, errors: [...(references.errors ?? []), error] };
    }
    if (output !== undefined) response.output = output;
    return response;
  }
  const error: NodeError = invoked.ok
    ? {
        name: "NodeResultError",
        code: "NODE_FAILED",
        message: `Node "${nodeName}" returned ${describe(invoked.value)}; a node must return { exitCode: <integer>, output? }.`,
      }
    : errorData(invoked.error);
  return {
    parentTaskId: taskId,
    nodeName,
    executionOrder,
    exitCode: 1,
    references: { errors: [error] },
  };
}

function isNodeResult(value: unknown): value is NodeResult {
  return (
    typeof value === "object" &&
    value !== null &&
    Number.isInteger((value as { exitCode?: unknown }).exitCode)
  );
}

function errorData(error: unknown): NodeError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return typeof code === "string"
    ? { name: error.name, message: error.message, code }
    : { name: error.name, message: error.message };
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
