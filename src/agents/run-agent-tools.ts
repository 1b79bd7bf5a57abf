import type { NodeContext, NodeResponse, NodeResult, TaskResponse } from "../engine/index.ts";
import { signalToPass } from "../engine/never-aborted.ts";
import type { NodeJournal } from "../engine/node-journal.ts";
import { redactSecrets } from "../errors/redact-secrets.ts";
import type { JsonValue } from "../messages/json.ts";
import type { ToolCall } from "../messages/message.ts";
import { runToolCalls } from "../tools/run-tool-calls.ts";
import type { ToolJournal, ToolJournalRecord } from "../tools/tool-journal.ts";
import { type AgentTools, toolEntries } from "./agent-tools.ts";
import { journaled } from "./call-model.ts";
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
 *
 * In a durable run each call is journaled (see `ToolJournal`): a call that ended before is not
 * run again, and one that started and never ended runs again only when its tool is idempotent;
 * otherwise the run pauses to ask whether its effect happened (`NodeJournal.confirmEffect`).
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
  const { journal } = ctx;
  const outcomes = await runToolCalls(calls, toolEntries(tools, ctx), {
    journal: journal === undefined ? undefined : toolJournal(journal),
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
  const unconfirmed = outcomes.findIndex((o) => o.unconfirmed !== undefined);
  if (unconfirmed >= 0) {
    // The run pauses at this node and drops its result; the answer decides, and it runs again.
    const { key } = outcomes[unconfirmed]!.unconfirmed!;
    journal?.confirmEffect({ key, userPrompt: effectPrompt(calls[unconfirmed]!, ctx.taskName) });
  }
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

/** The run's journal as tool calls are recorded in it: by `tool:<call id>` in this execution. */
function toolJournal(journal: NodeJournal): ToolJournal {
  return {
    keysOf(call) {
      const key = journal.key(`tool:${call.id}`);
      return { key, idempotencyKey: journal.idempotencyKey(key) };
    },
    read: (key) =>
      journaled(async () => {
        const entry = await journal.read(key);
        if (entry === undefined) return undefined;
        const value = (entry.value ?? {}) as Omit<ToolJournalRecord, "state">;
        return { ...value, state: entry.state };
      }),
    write: (key, { state, ...value }) =>
      journaled(() => journal.write(key, "tool", { state, value: value as JsonValue })),
  };
}

/** The question put to a person about a call that started and never ended. */
function effectPrompt(call: ToolCall, taskName: string): string {
  const args = redactSecrets(call.arguments);
  const shown = args.length <= 300 ? args : `${args.slice(0, 297)}...`;
  return `Tool "${call.name}" of task "${taskName}" was running when the run stopped (call ${call.id}, arguments ${shown}), and it is not idempotent, so it is not run again on its own. Did its effect happen?`;
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
