import type { NodeContext, NodeResponse, NodeResult, TaskResponse } from "../engine/index.ts";
import { signalToPass } from "../engine/never-aborted.ts";
import type { ToolCall } from "../messages/message.ts";
import { runToolCalls } from "../tools/run-tool-calls.ts";
import { type AgentTools, toolEntries } from "./agent-tools.ts";
import { FatalNodeError } from "./fatal-node-error.ts";
import { AgentExitCode } from "./prompt-agent-routing.ts";

/** Limits of one round of tool calls. */
export interface ToolRoundLimits {
  /** Tool calls that may run at once. */
  readonly maxConcurrency: number;
  /** Time limit of a tool without its own. */
  readonly timeoutMs: number;
}

/**
 * Runs the tool calls of the latest answer and returns the node's result: one tool message per
 * call, in call order, for the model to read; the child runs of sub-tasks called as tools; the
 * error of each call that failed. A `tool-result` event is emitted as each call finishes. An
 * answer without tool calls ends the run (`FatalNodeError`, NODE_FAILED).
 */
export async function runAgentTools(
  tools: AgentTools,
  limits: ToolRoundLimits,
  ctx: NodeContext,
): Promise<NodeResult> {
  const calls = latestToolCalls(ctx.nodeResponses.llm_generation);
  if (calls.length === 0) {
    throw new FatalNodeError({
      code: "NODE_FAILED",
      message: `Task "${ctx.taskName}": tool_call_execution ran, but the latest answer has no tool calls.`,
    });
  }
  const outcomes = await runToolCalls(calls, toolEntries(tools, ctx), {
    signal: signalToPass(ctx.signal),
    maxConcurrency: limits.maxConcurrency,
    timeoutMs: limits.timeoutMs,
    onResult: ({ message }) =>
      ctx.emit({
        type: "tool-result",
        nodeName: ctx.nodeName,
        toolCallId: message.toolCallId,
        toolName: message.toolName,
        content: message.content,
        isError: message.isError === true,
      }),
  });
  const taskResponses = outcomes.flatMap((o) => (isTaskResponse(o.detail) ? [o.detail] : []));
  const errors = outcomes.flatMap((o) =>
    o.error === undefined ? [] : [{ name: "ToolError", ...o.error }],
  );
  return {
    exitCode: AgentExitCode.SUCCESS,
    output: outcomes.map((o) => o.message.content).join("\n\n"),
    references: {
      messages: outcomes.map((o) => o.message),
      ...(taskResponses.length > 0 ? { taskResponses } : {}),
      ...(errors.length > 0 ? { errors } : {}),
    },
  };
}

/** The tool calls of the last answer `llm_generation` recorded. */
function latestToolCalls(llmGeneration: NodeResponse | undefined): readonly ToolCall[] {
  const answer = llmGeneration?.references.messages?.findLast((m) => m.role === "assistant");
  return answer?.role === "assistant" ? (answer.toolCalls ?? []) : [];
}

function isTaskResponse(value: unknown): value is TaskResponse {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { schemaVersion?: unknown }).schemaVersion === 1
  );
}
