import type { NodeResult } from "../engine/index.ts";
import type { AssistantMessage, Message } from "../messages/message.ts";
import { AgentExitCode } from "./prompt-agent-routing.ts";

/** Why an answer is not a final answer, and what to do about it. */
export interface AnswerRejection {
  code: NonNullable<AssistantMessage["rejected"]>["code"];
  reason: string;
  /** Ends the run at once: the same request would only be refused again. */
  fatal?: boolean;
  /** Told to the model with the retry, so it does not repeat what was rejected. */
  feedback?: string;
}

/**
 * Why the model did not finish an answer on its own, from its finish reason: cut off by the
 * token limit (retried with a note asking for a shorter answer), refused or filtered (the run
 * fails at once: an identical request would be refused again), or stopped for a reason nobody
 * knows (retried as it was). Undefined for an answer the model finished.
 */
export function rejectionOf(
  message: AssistantMessage,
  maxOutputTokens: number | undefined,
): AnswerRejection | undefined {
  switch (message.finishReason) {
    case undefined:
    case "stop":
    case "tool-calls":
      return undefined;
    case "length": {
      const limit = maxOutputTokens === undefined ? "" : ` (maxOutputTokens: ${maxOutputTokens})`;
      return {
        code: "MODEL_OUTPUT_TRUNCATED",
        reason: `The answer was cut off by the output-token limit${limit}; a cut-off tool call is never run.`,
        feedback: `Your previous answer was cut off at the output-token limit${limit} before it was complete, so it was discarded. Answer again within the limit: be more concise${message.toolCalls?.length ? ", and keep tool-call arguments short" : ""}.`,
      };
    }
    case "refusal": {
      const said = message.content.trim();
      const quoted =
        said === "" ? "" : `: "${said.length > 200 ? `${said.slice(0, 200)}…` : said}"`;
      return {
        code: "MODEL_REFUSAL",
        reason: `The model refused to answer${quoted}.`,
        fatal: true,
      };
    }
    case "content-filter":
      return {
        code: "MODEL_REFUSAL",
        reason: "The answer was withheld by the provider's content filter.",
        fatal: true,
      };
    case "other":
      return {
        code: "PROVIDER_INVALID_RESPONSE",
        reason:
          "The model stopped for a reason the provider did not report as finished (an unknown finish reason); the answer may be partial.",
      };
    default: {
      // A custom LanguageModel may report a reason outside FinishReason: not a final answer.
      const unknown: never = message.finishReason;
      return {
        code: "PROVIDER_INVALID_RESPONSE",
        reason: `The model stopped for a reason this framework does not know (${JSON.stringify(unknown)}); the answer may be partial.`,
      };
    }
  }
}

/**
 * The result of a rejected answer (exit code 1): the answer marked `rejected`, kept for the
 * record but never sent back, and the feedback for the model if any. A fatal rejection ends the
 * run; the engine records its error once.
 */
export function rejectAnswer(message: AssistantMessage, rejection: AnswerRejection): NodeResult {
  const { code, reason, feedback, fatal } = rejection;
  const messages: Message[] = [{ ...message, rejected: { code, reason } }];
  if (feedback !== undefined) messages.push({ role: "user", content: feedback });
  if (fatal === true)
    return {
      exitCode: AgentExitCode.FAILURE,
      references: { messages },
      fatal: { code, message: reason },
    };
  return {
    exitCode: AgentExitCode.FAILURE,
    references: { messages, errors: [{ name: "RejectedAnswer", code, message: reason }] },
  };
}
