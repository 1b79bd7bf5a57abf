import { thrownParts } from "../errors/describe-thrown.ts";
import { redactSecrets } from "../errors/redact-secrets.ts";
import { describeValue } from "../messages/json.ts";
import type { NodeContext, RunnableTask } from "./runnable-task.ts";
import type { NodeError, NodeResponse, NodeResult } from "./types.ts";

/** What calling a node gave: its return value, or what it threw. */
export type Invoked = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The fatal error a node returned, if any. */
export function fatalOf(invoked: Invoked): NodeResult["fatal"] {
  return invoked.ok && isNodeResult(invoked.value) ? invoked.value.fatal : undefined;
}

/** Calls a node; a throw or a rejection becomes data (errors never escape a node). */
export async function invoke(
  task: RunnableTask,
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
        message: `Node "${nodeName}" returned ${describe(invoked.value)}; a node must return { exitCode: <integer>, output?, references? } (references hold lists of objects).`,
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

const REFERENCE_LISTS = ["messages", "toolCalls", "taskResponses", "userInteractions", "errors"];

/**
 * A node result the engine can record: an integer exit code, references whose lists hold
 * objects, a fatal error with a code and a message. Anything else (also a getter that throws)
 * is a NODE_FAILED result, so a malformed return cannot break the run later.
 */
function isNodeResult(value: unknown): value is NodeResult {
  try {
    if (!isObject(value) || !Number.isInteger(value.exitCode)) return false;
    const { references, fatal } = value;
    if (
      fatal !== undefined &&
      !(isObject(fatal) && typeof fatal.code === "string" && typeof fatal.message === "string")
    )
      return false;
    if (references === undefined) return true;
    if (!isObject(references)) return false;
    for (const key of REFERENCE_LISTS) {
      const list = references[key];
      if (list !== undefined && !(Array.isArray(list) && list.every(isObject))) return false;
    }
    return references.data === undefined || isObject(references.data);
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** What a node threw, as data: secrets redacted, whatever was thrown. */
function errorData(error: unknown): NodeError {
  return thrownParts(error);
}

function describe(value: unknown): string {
  try {
    return redactSecrets(describeValue(value));
  } catch {
    return "a value that cannot be shown";
  }
}
