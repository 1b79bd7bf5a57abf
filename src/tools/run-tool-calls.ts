import type { z } from "zod";
import type { ErrorCode } from "../errors/codes.ts";
import { describeThrown } from "../errors/describe-thrown.ts";
import { redactSecrets } from "../errors/redact-secrets.ts";
import type { ToolCall, ToolMessage } from "../messages/message.ts";
import { compiledBehind } from "../schema/definition-to-zod.ts";
import { dropAbsentNulls } from "../schema/prepare-value.ts";
import { pathText, problemText } from "../schema/schema-problem.ts";
import { validateCompiled } from "../schema/validate-json-schema.ts";
import { argumentsSchemaOf } from "./arguments-schema.ts";
import type { ToolContext } from "./define-tool.ts";
import { parseToolArguments } from "./parse-tool-arguments.ts";

/** A tool the runner can call: a function tool or a task, behind one shape. */
export interface ToolEntry {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly timeoutMs: number | undefined;
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
}

/** Options of `runToolCalls`. */
export interface RunToolCallsOptions {
  /** The run's abort signal, if it can abort. */
  signal?: AbortSignal | undefined;
  /** How many tools may run at once. */
  maxConcurrency: number;
  /** Time limit of a tool without its own `timeoutMs`. */
  timeoutMs: number;
  /** Called as each call finishes (in completion order). */
  onResult?: (outcome: ToolCallOutcome) => void;
}

const MAX_ERROR_CHARS = 500;

/**
 * Executes the model's tool calls: at most `maxConcurrency` at once, results in call order, each
 * tied to its call id. An unknown tool, arguments that are not a JSON object, nest more than
 * `MAX_JSON_DEPTH` levels or fail the schema, a tool that throws, times out or returns what
 * cannot be sent: each becomes an error result the model can read and act on.
 * Names are looked up in a Map, so `constructor` or `__proto__` is just an unknown tool.
 */
export async function runToolCalls(
  calls: readonly ToolCall[],
  tools: ReadonlyMap<string, ToolEntry>,
  options: RunToolCallsOptions,
): Promise<ToolCallOutcome[]> {
  if (calls.length === 1) {
    // The common case needs no worker pool.
    const outcome = await runOne(calls[0]!, tools, options);
    options.onResult?.(outcome);
    return [outcome];
  }
  const outcomes = new Array<ToolCallOutcome>(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const index = next++;
      const outcome = await runOne(calls[index]!, tools, options);
      outcomes[index] = outcome;
      options.onResult?.(outcome);
    }
  };
  const workers = Math.max(1, Math.min(options.maxConcurrency, calls.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

async function runOne(
  call: ToolCall,
  tools: ReadonlyMap<string, ToolEntry>,
  options: RunToolCallsOptions,
): Promise<ToolCallOutcome> {
  const fail = (code: ErrorCode, message: string): ToolCallOutcome => {
    const text = clip(redactSecrets(message));
    return { message: toolMessage(call, text, true), error: { code, message: text } };
  };
  const tool = tools.get(call.name);
  if (tool === undefined) {
    const available = [...tools.keys()].join(", ") || "none";
    return fail("TOOL_NOT_FOUND", `Unknown tool "${call.name}". Available tools: ${available}.`);
  }
  const parsed = parseToolArguments(call);
  if (!parsed.success) return fail(parsed.code, parsed.message);
  const validated = validateArguments(tool.schema, parsed.value);
  if (!validated.success) {
    return fail(
      "TOOL_INPUT_INVALID",
      `The arguments of tool "${call.name}" do not match its schema: ${validated.issues.join("; ")}. Call it again with corrected arguments.`,
    );
  }

  if (options.signal?.aborted)
    return fail("TOOL_EXECUTION_FAILED", `Tool "${call.name}" was aborted.`);
  // The tool hears of the time limit or the run's abort through `context.signal`, an
  // AbortController made only when the tool reads it: most tools never do.
  let stoppedBy: { reason: unknown; timedOut: boolean } | undefined;
  let controller: AbortController | undefined;
  const context: ToolContext = {
    toolCallId: call.id,
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (stoppedBy !== undefined) controller.abort(stoppedBy.reason);
      }
      return controller.signal;
    },
  };
  const thrown = (error: unknown) =>
    fail("TOOL_EXECUTION_FAILED", `Tool "${call.name}" failed: ${describeThrown(error)}`);
  let running: ToolInvocation | Promise<ToolInvocation>;
  try {
    running = tool.invoke(validated.value, context);
  } catch (error) {
    return thrown(error);
  }
  // A tool that answered synchronously is done: there is no wait to limit or abort.
  if (!(running instanceof Promise)) return outcomeOf(call, running);

  // The time limit and the run's abort end the wait for the tool at once.
  const timeoutMs = tool.timeoutMs ?? options.timeoutMs;
  const runSignal = options.signal;
  let wake: (stopped: "stopped") => void = () => {};
  const stopped = new Promise<"stopped">((resolve) => {
    wake = resolve;
  });
  const stop = (reason: unknown, timedOut: boolean) => {
    if (stoppedBy !== undefined) return;
    stoppedBy = { reason, timedOut };
    controller?.abort(reason);
    wake("stopped");
  };
  const timer = setTimeout(
    () => stop(new Error(`Tool "${call.name}" did not finish within ${timeoutMs} ms.`), true),
    timeoutMs,
  );
  const onRunAbort = () => stop(runSignal?.reason, false);
  runSignal?.addEventListener("abort", onRunAbort, { once: true });
  try {
    const result = await Promise.race([running, stopped]);
    if (result !== "stopped") return outcomeOf(call, result);
    return stoppedBy?.timedOut === true
      ? fail("TOOL_TIMEOUT", `Tool "${call.name}" did not finish within ${timeoutMs} ms.`)
      : fail("TOOL_EXECUTION_FAILED", `Tool "${call.name}" was aborted.`);
  } catch (error) {
    return thrown(error);
  } finally {
    clearTimeout(timer);
    runSignal?.removeEventListener("abort", onRunAbort);
  }
}

/**
 * Validates parsed arguments: a null for an optional, non-nullable property counts as absent
 * (its default applies): models send null for "not given", and OpenAI's strict mode makes them
 * (every optional property is nullable and required on the wire, see `toOpenAIStrictSchema`).
 * A JSON Schema tool validates with its compiled schema directly (the arguments are a fresh
 * parse, validated in place); a zod one with zod, whose messages (its own or the user's) say
 * what is wrong.
 */
function validateArguments(
  schema: z.ZodType,
  args: unknown,
): { success: true; value: unknown } | { success: false; issues: string[] } {
  const compiled = compiledBehind(schema);
  if (compiled !== undefined) {
    const result = validateCompiled(compiled, args, { owned: true, nullAsAbsent: true });
    return result.success
      ? result
      : { success: false, issues: result.problems.map((p) => problemText(p, "(arguments)")) };
  }
  const json = argumentsSchemaOf(schema);
  const parsed = schema.safeParse(json === undefined ? args : dropAbsentNulls(args, json));
  if (parsed.success) return { success: true, value: parsed.data };
  return {
    success: false,
    issues: parsed.error.issues.map(
      (i) =>
        `${pathText(i.path.map((k) => (typeof k === "number" ? k : String(k)))) || "(arguments)"}: ${i.message}`,
    ),
  };
}

function outcomeOf(call: ToolCall, result: ToolInvocation): ToolCallOutcome {
  const outcome: ToolCallOutcome = {
    message: toolMessage(call, result.content, result.isError === true),
  };
  if (result.isError === true)
    outcome.error = { code: result.code ?? "TOOL_EXECUTION_FAILED", message: clip(result.content) };
  if (result.detail !== undefined) outcome.detail = result.detail;
  return outcome;
}

function toolMessage(call: ToolCall, content: string, isError: boolean): ToolMessage {
  const message: ToolMessage = { role: "tool", toolCallId: call.id, toolName: call.name, content };
  if (isError) message.isError = true;
  return message;
}

function clip(text: string): string {
  return text.length <= MAX_ERROR_CHARS ? text : `${text.slice(0, MAX_ERROR_CHARS - 3)}...`;
}
