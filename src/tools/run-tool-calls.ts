import type { z } from "zod";
import type { ErrorCode } from "../errors/codes.ts";
import { redactSecrets } from "../errors/redact-secrets.ts";
import type { ToolCall } from "../messages/message.ts";
import { compiledBehind } from "../schema/definition-to-zod.ts";
import { dropAbsentNulls } from "../schema/prepare-value.ts";
import { pathText, problemText } from "../schema/schema-problem.ts";
import { validateCompiled } from "../schema/validate-json-schema.ts";
import { argumentsSchemaOf } from "./arguments-schema.ts";
import { clip, executeToolCall, outcomeOf, toolMessage } from "./execute-tool-call.ts";
import { parseToolArguments } from "./parse-tool-arguments.ts";
import type { ToolCallOutcome, ToolEntry } from "./tool-entry.ts";
import { decideCall, type ToolJournal, type ToolJournalRecord } from "./tool-journal.ts";

export type { ToolCallOutcome, ToolEntry, ToolInvocation } from "./tool-entry.ts";

/** Options of `runToolCalls`. */
export interface RunToolCallsOptions {
  /** The run's abort signal, if it can abort. */
  signal?: AbortSignal | undefined;
  /** How many tools may run at once. */
  maxConcurrency: number;
  /** Time limit of a tool without its own `timeoutMs`. */
  timeoutMs: number;
  /** Called as each call finishes (in completion order); not for an `unconfirmed` one. */
  onResult?: (outcome: ToolCallOutcome) => void;
  /** Where a durable run records each call (see `ToolJournal`); none: calls are not recorded. */
  journal?: ToolJournal | undefined;
}

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
    if (outcome.unconfirmed === undefined) options.onResult?.(outcome);
    return [outcome];
  }
  const outcomes = new Array<ToolCallOutcome>(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const index = next++;
      const outcome = await runOne(calls[index]!, tools, options);
      outcomes[index] = outcome;
      if (outcome.unconfirmed === undefined) options.onResult?.(outcome);
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
  const { journal } = options;
  if (journal === undefined || tool.journaled === false)
    return (await executeToolCall(call, tool, validated.value, call.id, options)).outcome;

  const decision = await decideCall(call, journal, tool.idempotent === true);
  if (decision.kind === "replay") return outcomeOf(call, decision.result);
  if (decision.kind === "unconfirmed") {
    const text = `Tool "${call.name}" was running when the run stopped, and whether its effect happened is not known.`;
    return {
      message: toolMessage(call, text, true),
      error: { code: "TOOL_EXECUTION_FAILED", message: text },
      unconfirmed: { key: decision.key },
    };
  }
  await journal.write(decision.key, { state: "started" });
  const { outcome, stoppedByRun } = await executeToolCall(
    call,
    tool,
    validated.value,
    decision.idempotencyKey,
    options,
  );
  // A call the run's abort cut short stays `started`: whether its effect happened is not known.
  if (!stoppedByRun) await journal.write(decision.key, recordOf(outcome));
  return outcome;
}

/** What the journal keeps of an ended call: what the model read. */
function recordOf(outcome: ToolCallOutcome): ToolJournalRecord {
  const { content, isError } = outcome.message;
  if (outcome.error === undefined) return { state: "completed", result: { content } };
  return {
    state: "failed",
    result: { content, isError: isError === true, code: outcome.error.code },
  };
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
