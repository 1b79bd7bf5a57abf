import type { NodeResult } from "../engine/index.ts";
import type { AssistantMessage, Message } from "../messages/message.ts";
import { findDecision } from "./find-decision.ts";
import { type AnswerRules, type AnswerTurn, judgeAnswer } from "./judge-answer.ts";
import { AgentExitCode } from "./prompt-agent-routing.ts";

/**
 * What a CheckTask's answer decides: the exit code its decision word maps to in `map`. The
 * answer is first judged as any agent answer (cut off, refused, empty); tool calls are dropped,
 * from the record too, since a check never calls tools. No decision word, or two different
 * ones, is fed back and retried (exit code 1); a word mapped to 1 is retried without feedback,
 * the answer kept for the record only.
 */
export function judgeDecision(
  message: AssistantMessage,
  rules: AnswerRules,
  turn: AnswerTurn,
  map: Readonly<Record<string, number>>,
): NodeResult {
  const { toolCalls: _dropped, ...answer } = message;
  const judged = judgeAnswer(answer, rules, turn);
  if (judged.exitCode !== AgentExitCode.SUCCESS) return judged;
  const decision = findDecision(answer.content, map);
  if (decision.code === AgentExitCode.FAILURE) {
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
    return { exitCode: decision.code, output: answer.content, references: { messages: [answer] } };
  }
  const words = Object.keys(map).join(", ");
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
