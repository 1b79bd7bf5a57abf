import type { InputsType, TasksEndCodeRouting, TypedInputs } from "../engine/index.ts";
import { judgeDecision } from "./judge-decision.ts";
import { AgentExitCode } from "./prompt-agent-routing.ts";
import { PromptAgentTask, type PromptAgentTaskOptions } from "./prompt-agent-task.ts";

/** Options of `new CheckTask()`. */
export interface CheckTaskOptions extends Omit<PromptAgentTaskOptions, "tools" | "outputSchema"> {
  /**
   * Decision word → exit code. A word mapped to 1 means "retry", like an answer with no clear
   * decision (Project Alice's `{ APPROVED: 0, FAILED: 1 }`). @default { APPROVED: 0, REJECTED: 2 }
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

  /**
   * With a zod `inputVariables`, `run()`'s inputs are typed by it. An option given as
   * `undefined` takes its default.
   */
  constructor(options: TypedInputs<CheckTaskOptions, TInputs>);
  constructor(options: CheckTaskOptions);
  constructor(options: CheckTaskOptions) {
    const {
      exitCodeResponseMap = { APPROVED: 0, REJECTED: 2 },
      nodeEndCodeRouting,
      exitCodes,
      ...rest
    } = options;
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
    const decisions: Record<number, string> = {};
    for (const [word, code] of codes) {
      row[code] = [null, false];
      decisions[code] ??= word;
    }
    // 1 is always "ask again": no clear decision, or a decision word the author maps to 1.
    row[AgentExitCode.FAILURE] = ["llm_generation", true];
    decisions[AgentExitCode.FAILURE] =
      decisions[AgentExitCode.FAILURE] === undefined
        ? "No clear decision"
        : `${decisions[AgentExitCode.FAILURE]} or no clear decision`;
    const routing: TasksEndCodeRouting = { llm_generation: row };
    super(
      {
        ...rest,
        nodeEndCodeRouting: nodeEndCodeRouting ?? routing,
        exitCodes: exitCodes ?? decisions,
      },
      {
        problems,
        judgeAnswer: (answer, rules, turn) =>
          judgeDecision(answer, rules, turn, exitCodeResponseMap),
      },
    );
    this.exitCodeResponseMap = exitCodeResponseMap;
  }
}
