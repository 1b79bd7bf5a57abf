import type { InputsType, TypedInputs } from "../engine/input-types.ts";
import type { NodeContext } from "../engine/node-context.ts";
import type { NodeResult, TasksEndCodeRouting } from "../engine/types.ts";
import type { AssistantMessage, Message } from "../messages/message.ts";
import { findDecision } from "./find-decision.ts";
import {
  AgentExitCode,
  PromptAgentTask,
  type PromptAgentTaskOptions,
} from "./prompt-agent-task.ts";

/** Options of `new CheckTask()`. */
export interface CheckTaskOptions extends Omit<PromptAgentTaskOptions, "tools" | "outputSchema"> {
  /**
   * Decision word → exit code. A word mapped to 1 means "retry", like an answer with no clear
   * decision (the seed's `{ APPROVED: 0, FAILED: 1 }`). @default { APPROVED: 0, REJECTED: 2 }
   */
  exitCodeResponseMap?: Readonly<Record<string, number>>;
}

/**
 * A PromptAgentTask whose answer is a decision: the words of `exitCodeResponseMap` become exit
 * codes, so the task's `resultCode` is the decision and a parent Workflow branches on it. An
 * answer with no decision word, or two different ones, is fed back once and retried (exit 1).
 */
export class CheckTask<
  TInputs extends InputsType = Record<string, unknown>,
> extends PromptAgentTask<TInputs> {
  readonly exitCodeResponseMap: Readonly<Record<string, number>>;

  /** With a zod `inputVariables`, `run()`'s inputs are typed by it. */
  constructor(options: TypedInputs<CheckTaskOptions, TInputs>);
  constructor(options: CheckTaskOptions);
  constructor(options: CheckTaskOptions) {
    const { exitCodeResponseMap = { APPROVED: 0, REJECTED: 2 }, ...rest } = options;
    const codes = Object.entries(exitCodeResponseMap);
    const problems = codes
      .filter(([, code]) => !Number.isInteger(code))
      .map(
        ([word, code]) => `exitCodeResponseMap["${word}"] is ${code}: use an integer exit code.`,
      );
    if (codes.length === 0)
      problems.push(
        "exitCodeResponseMap is empty: map at least one decision word to an exit code.",
      );
    const row: Record<number, readonly [string | null, boolean]> = {};
    const exitCodes: Record<number, string> = {};
    for (const [word, code] of codes) {
      row[code] = [null, false];
      exitCodes[code] ??= word;
    }
    // 1 is always "ask again": no clear decision, or a decision word the author maps to 1.
    row[AgentExitCode.FAILURE] = ["llm_generation", true];
    exitCodes[AgentExitCode.FAILURE] =
      exitCodes[AgentExitCode.FAILURE] === undefined
        ? "No clear decision"
        : `${exitCodes[AgentExitCode.FAILURE]} or no clear decision`;
    const routing: TasksEndCodeRouting = { llm_generation: row };
    super({ nodeEndCodeRouting: routing, exitCodes, ...rest }, { problems });
    this.exitCodeResponseMap = exitCodeResponseMap;
  }

  protected override interpretAnswer(message: AssistantMessage, ctx: NodeContext): NodeResult {
    // A check decides; it never calls tools, so tool calls are dropped from the record too.
    const { toolCalls: _ignored, ...answer } = message;
    const base = super.interpretAnswer(answer, ctx);
    if (base.exitCode !== AgentExitCode.SUCCESS) return base;
    const decision = findDecision(answer.content, this.exitCodeResponseMap);
    if (decision.code === AgentExitCode.FAILURE) {
      // The author maps this word to "retry": the answer is kept for the record, not sent back.
      const reason = `The check decided "${decision.word}", which exitCodeResponseMap maps to 1 (ask again).`;
      return {
        exitCode: AgentExitCode.FAILURE,
        output: answer.content,
        references: {
          messages: [{ ...answer, rejected: { code: "CHECK_NO_DECISION", reason } }],
          errors: [{ name: "CheckDecision", code: "CHECK_NO_DECISION", message: reason }],
        },
      };
    }
    if (decision.code !== undefined) {
      return {
        exitCode: decision.code,
        output: answer.content,
        references: { messages: [answer] },
      };
    }
    const words = Object.keys(this.exitCodeResponseMap).join(", ");
    const why =
      decision.reason === "none"
        ? "The answer contains none of the decision words"
        : `The answer contains more than one decision (${decision.words.join(", ")})`;
    const feedback: Message = {
      role: "user",
      content: `${why}. End your answer with exactly one of: ${words}.`,
    };
    return {
      exitCode: AgentExitCode.FAILURE,
      references: {
        messages: [answer, feedback],
        errors: [{ name: "NoDecision", code: "CHECK_NO_DECISION", message: `${why} (${words}).` }],
      },
    };
  }
}
