import type { z } from "zod";
import type { NodeResult } from "../engine/index.ts";
import type { AssistantMessage, Message } from "../messages/message.ts";
import type { ParameterDefinition } from "../schema/function-parameters.ts";
import { rejectAnswer, rejectionOf } from "./answer-rejection.ts";
import { parseFinalOutput } from "./parse-final-output.ts";
import { AgentExitCode } from "./prompt-agent-routing.ts";

/** What an agent task expects of every answer (fixed when the task is built). */
export interface AnswerRules {
  readonly taskName: string;
  readonly agentName: string;
  /** Whether the agent may call tools; without, tool calls are not acted on. */
  readonly hasTools: boolean;
  readonly maxToolRounds: number;
  /** The output-token limit of the model calls, named when an answer is cut off. */
  readonly maxOutputTokens: number | undefined;
  /** Parses and validates the final answer, when given. */
  readonly outputSchema: z.ZodType | undefined;
  /** The answer's JSON Schema: shown to the model in a repair; reads a null as absent. */
  readonly outputJsonSchema?: ParameterDefinition | undefined;
}

/** Where the run is when an answer arrives. */
export interface AnswerTurn {
  /** The `tool_call_execution` nodes the run has executed. */
  readonly toolRounds: number;
  /** Whether this answer is the repair of one that did not match `outputSchema`. */
  readonly repairAttempt: boolean;
}

/** Decides what an answer means for the node: its exit code, output and recorded messages. */
export type AnswerJudge = (
  answer: AssistantMessage,
  rules: AnswerRules,
  turn: AnswerTurn,
) => NodeResult;

/**
 * What an answer means: tool calls (exit code 2), a final answer (0, its output parsed when an
 * `outputSchema` is given), or a rejected answer (1): cut off, refused, empty, or not matching
 * `outputSchema` (fed back once for repair, then `OUTPUT_INVALID`). Asking for tools after
 * `maxToolRounds` rounds ends the run with `MAX_TOOL_ROUNDS`. A result without `messages`
 * records the answer as it is.
 */
export function judgeAnswer(
  answer: AssistantMessage,
  rules: AnswerRules,
  turn: AnswerTurn,
): NodeResult {
  const rejected = rejectionOf(answer, rules.maxOutputTokens);
  if (rejected !== undefined) return rejectAnswer(answer, rejected);
  if (rules.hasTools && (answer.toolCalls?.length ?? 0) > 0) {
    if (turn.toolRounds < rules.maxToolRounds) return { exitCode: AgentExitCode.TOOL_CALLS };
    return {
      exitCode: AgentExitCode.FAILURE,
      fatal: {
        code: "MAX_TOOL_ROUNDS",
        message: `Agent "${rules.agentName}" in task "${rules.taskName}" asked for tools again after ${turn.toolRounds} rounds (maxToolRounds is ${rules.maxToolRounds}).`,
      },
    };
  }
  if (answer.content.trim() === "")
    return rejectAnswer(answer, {
      code: "MODEL_EMPTY_RESPONSE",
      reason: "The model answered with no text and no tool calls.",
    });
  if (rules.outputSchema === undefined)
    return { exitCode: AgentExitCode.SUCCESS, output: answer.content };
  const parsed = parseFinalOutput(answer.content, rules.outputSchema, rules.outputJsonSchema);
  if (parsed.success) return { exitCode: AgentExitCode.SUCCESS, output: parsed.value };
  if (turn.repairAttempt) {
    return {
      exitCode: AgentExitCode.FAILURE,
      fatal: {
        code: "OUTPUT_INVALID",
        message: `The final answer of task "${rules.taskName}" does not match its outputSchema, even after a repair: ${parsed.error}`,
      },
    };
  }
  const feedback: Message = { role: "user", content: repairRequest(parsed.problems, rules) };
  return {
    exitCode: AgentExitCode.FAILURE,
    references: { messages: [answer, feedback], data: { repair: true } },
  };
}

/**
 * What a repair asks of the model: each problem with its path, the schema the answer must match
 * (compact JSON), and JSON only.
 */
function repairRequest(problems: readonly string[], rules: AnswerRules): string {
  const lines = [
    "Your answer does not match the required format:",
    ...problems.map((p) => `- ${p}`),
  ];
  if (rules.outputJsonSchema !== undefined)
    lines.push(
      `The answer must be JSON matching this JSON Schema: ${JSON.stringify(rules.outputJsonSchema)}`,
    );
  lines.push("Answer again with only the corrected JSON.");
  return lines.join("\n");
}
