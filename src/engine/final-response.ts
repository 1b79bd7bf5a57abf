import { AliceError } from "../errors/alice-error.ts";
import { describeThrown } from "../errors/describe-thrown.ts";
import { nodeFailure } from "./node-failure.ts";
import type { RunOutcome } from "./run-outcome.ts";
import type { RunState } from "./run-state.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { NodeResponse, PendingState, TaskError, TaskResponse } from "./types.ts";

/** What `buildResponse` needs from the task. */
export type ResponseSource = Pick<
  RunnableTask,
  | "id"
  | "taskName"
  | "taskDescription"
  | "exitCodes"
  | "successCodes"
  | "outputTemplate"
  | "mapFinalExitCode"
  | "structuredOutput"
>;

/** Builds the run's `TaskResponse` for how it stopped. */
export function buildResponse(
  task: ResponseSource,
  run: RunState,
  outcome: RunOutcome,
): TaskResponse {
  let status: TaskResponse["status"];
  let resultCode = 1;
  let resultDiagnostic: string;
  let error: TaskError | undefined;
  let pending: PendingState | undefined;
  let taskOutputs: string;

  switch (outcome.kind) {
    case "end": {
      resultCode = task.mapFinalExitCode(run.history);
      const rendered = renderOutputs(task, run);
      taskOutputs = rendered.text;
      if (rendered.error === undefined) {
        const succeeded = task.successCodes.includes(resultCode);
        status = succeeded ? "complete" : "failed";
        resultDiagnostic =
          task.exitCodes[resultCode] ??
          (succeeded ? "Success" : childDiagnostic(run.history.at(-1), resultCode));
        if (!succeeded) error = endingFailure(task, run.history, resultCode, resultDiagnostic);
      } else {
        status = "failed";
        resultCode = 1;
        error = rendered.error;
        resultDiagnostic = error.message;
      }
      break;
    }
    case "fail":
    case "cancel":
      status = outcome.kind === "fail" ? "failed" : "cancelled";
      error = outcome.error;
      resultDiagnostic = outcome.error.message;
      taskOutputs = renderOutputs(task, run).text;
      break;
    case "pending":
      status = "pending";
      pending = outcome.pending;
      resultDiagnostic = `Waiting for the user at node "${outcome.pending.nodeName}": ${outcome.pending.interaction.userPrompt}`;
      taskOutputs = lastOutputText(run.history);
      break;
    default: {
      const unreachable: never = outcome;
      throw new TypeError(`Unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }

  const response: TaskResponse = {
    schemaVersion: 1,
    taskId: task.id,
    runId: run.runId,
    taskName: task.taskName,
    taskDescription: task.taskDescription,
    status,
    resultCode,
    resultDiagnostic,
    taskInputs: run.taskInputs,
    taskOutputs,
    nodeReferences: run.history,
    userInteractions: run.interactions,
    state: run.state,
    usageMetrics: run.usage,
  };
  if (run.parentRunId !== undefined) response.parentRunId = run.parentRunId;
  if (outcome.kind === "end") {
    const structured = task.structuredOutput(run.history);
    if (structured !== undefined) response.structuredOutput = structured;
  }
  if (error !== undefined)
    response.error = error.path === undefined ? { ...error, path: [task.taskName] } : error;
  if (pending !== undefined) response.pending = pending;
  return response;
}

/**
 * The error of a run that ended with a code that is not a success code: the root cause recorded
 * by the node that gave that code (normally the last one).
 */
function endingFailure(
  task: ResponseSource,
  history: readonly NodeResponse[],
  resultCode: number,
  diagnostic: string,
): TaskError {
  const node = history.findLast((n) => n.exitCode === resultCode);
  if (node !== undefined) return nodeFailure(task, node);
  return {
    code: "NODE_FAILED",
    message: `Task "${task.taskName}" ended with result code ${resultCode} (${diagnostic}), which is not a success code of the task (see successCodes).`,
  };
}

/** The sub-task's own text for a Workflow node's code (e.g. "REJECTED"), else `Exit code N`. */
function childDiagnostic(node: NodeResponse | undefined, resultCode: number): string {
  const child = node?.exitCode === resultCode ? node.references.taskResponses?.at(-1) : undefined;
  return child?.resultCode === resultCode ? child.resultDiagnostic : `Exit code ${resultCode}`;
}

function renderOutputs(task: ResponseSource, run: RunState): { text: string; error?: TaskError } {
  if (task.outputTemplate === undefined) return { text: lastOutputText(run.history) };
  try {
    return { text: task.outputTemplate.renderUnchecked(run.vars) };
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return {
      text: lastOutputText(run.history),
      error: {
        code: AliceError.isInstance(cause) ? cause.code : "TEMPLATE_RENDER_FAILED",
        message: `The output_template of task "${task.taskName}" could not be rendered: ${detail}`,
      },
    };
  }
}

/** The last executed node's output as text; its last message when it has no output. */
export function lastOutputText(history: readonly NodeResponse[]): string {
  const last = history.at(-1);
  if (last === undefined) return "";
  if (last.output !== undefined) return outputText(last.output);
  const message = last.references.messages?.at(-1);
  return message === undefined ? "" : typeof message.content === "string" ? message.content : "";
}

/** A node output as text: strings as they are, anything else as indented JSON. */
export function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (output === undefined) return "";
  try {
    return JSON.stringify(output, null, 2) ?? String(output);
  } catch (error) {
    // Circular, too deep, a BigInt: the response is still built (a run never throws).
    return `[an output that cannot be shown as JSON: ${describeThrown(error)}]`;
  }
}
