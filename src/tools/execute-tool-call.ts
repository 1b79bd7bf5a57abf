import type { ErrorCode } from "../errors/codes.ts";
import { describeThrown } from "../errors/describe-thrown.ts";
import { redactSecrets } from "../errors/redact-secrets.ts";
import type { ToolCall, ToolMessage } from "../messages/message.ts";
import type { ToolContext } from "./define-tool.ts";
import type { ToolCallOutcome, ToolEntry, ToolInvocation } from "./tool-entry.ts";

const MAX_ERROR_CHARS = 500;

/**
 * Runs a validated call with its time limit and the run's abort; `stoppedByRun` says the run's
 * abort ended the wait (the tool may still be running).
 */
export async function executeToolCall(
  call: ToolCall,
  tool: ToolEntry,
  args: unknown,
  idempotencyKey: string,
  options: { signal?: AbortSignal | undefined; timeoutMs: number },
): Promise<{ outcome: ToolCallOutcome; stoppedByRun: boolean }> {
  const fail = (code: ErrorCode, message: string, stoppedByRun = false) => {
    const text = clip(redactSecrets(message));
    return {
      outcome: { message: toolMessage(call, text, true), error: { code, message: text } },
      stoppedByRun,
    };
  };
  const done = (outcome: ToolCallOutcome) => ({ outcome, stoppedByRun: false });
  if (options.signal?.aborted)
    return fail("TOOL_EXECUTION_FAILED", `Tool "${call.name}" was aborted.`, true);
  // The tool hears of the time limit or the run's abort through `context.signal`, an
  // AbortController made only when the tool reads it: most tools never do.
  let stoppedBy: { reason: unknown; timedOut: boolean } | undefined;
  let controller: AbortController | undefined;
  const context: ToolContext = {
    toolCallId: call.id,
    idempotencyKey,
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
    running = tool.invoke(args, context);
  } catch (error) {
    return thrown(error);
  }
  // A tool that answered synchronously is done: there is no wait to limit or abort.
  if (!(running instanceof Promise)) return done(outcomeOf(call, running));

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
    if (result !== "stopped") return done(outcomeOf(call, result));
    return stoppedBy?.timedOut === true
      ? fail("TOOL_TIMEOUT", `Tool "${call.name}" did not finish within ${timeoutMs} ms.`)
      : fail("TOOL_EXECUTION_FAILED", `Tool "${call.name}" was aborted.`, true);
  } catch (error) {
    return thrown(error);
  } finally {
    clearTimeout(timer);
    runSignal?.removeEventListener("abort", onRunAbort);
  }
}

export function outcomeOf(call: ToolCall, result: ToolInvocation): ToolCallOutcome {
  const outcome: ToolCallOutcome = {
    message: toolMessage(call, result.content, result.isError === true),
  };
  if (result.isError === true)
    outcome.error = { code: result.code ?? "TOOL_EXECUTION_FAILED", message: clip(result.content) };
  if (result.detail !== undefined) outcome.detail = result.detail;
  return outcome;
}

export function toolMessage(call: ToolCall, content: string, isError: boolean): ToolMessage {
  const message: ToolMessage = { role: "tool", toolCallId: call.id, toolName: call.name, content };
  if (isError) message.isError = true;
  return message;
}

export function clip(text: string): string {
  return text.length <= MAX_ERROR_CHARS ? text : `${text.slice(0, MAX_ERROR_CHARS - 3)}...`;
}
