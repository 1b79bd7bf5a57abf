import type { DriverResponse, DriverStreamPart } from "./provider-driver.ts";
import { OUTPUT_TOOL_NAME } from "./structured-output.ts";

/**
 * A tool-mode answer as every mode gives it: the output tool's arguments (its first call's) are
 * the answer's `content`, after any text the model wrote; the call is not a tool call of the
 * answer, and without other calls the answer finished with `stop` (a forced call reads as
 * `tool-calls` on the wire). An answer that did not call the output tool is returned as it is.
 */
export function answerFromOutputTool<Resume>(
  response: DriverResponse<Resume>,
): DriverResponse<Resume> {
  const { message } = response;
  const calls = message.toolCalls ?? [];
  const answer = calls.find((call) => call.name === OUTPUT_TOOL_NAME);
  if (answer === undefined) return response;
  const others = calls.filter((call) => call.name !== OUTPUT_TOOL_NAME);
  const { toolCalls: _all, ...rest } = message;
  const finishReason =
    others.length === 0 && message.finishReason === "tool-calls" ? "stop" : message.finishReason;
  return {
    ...response,
    message: {
      ...rest,
      content: message.content + answer.arguments,
      ...(others.length > 0 ? { toolCalls: others } : {}),
      finishReason,
    },
  };
}

/**
 * The parts of a tool-mode stream as every mode streams them: the output tool's argument deltas
 * are `text-delta` parts (its first call's; the JSON grows as in native mode), its `tool-call`
 * parts are left out, and `finish` carries the answer of `answerFromOutputTool`. The text deltas
 * always join to the answer's `content`: what the stream never sent of it (arguments that came
 * whole, without deltas) is sent just before `finish`.
 */
export async function* outputToolAsText<Resume>(
  parts: AsyncIterable<DriverStreamPart<Resume>>,
): AsyncGenerator<DriverStreamPart<Resume>, void, undefined> {
  let answerId: string | undefined;
  let streamed = "";
  for await (const part of parts) {
    switch (part.type) {
      case "tool-call-delta": {
        if (part.toolName !== OUTPUT_TOOL_NAME) {
          yield part;
          break;
        }
        answerId ??= part.toolCallId;
        if (part.toolCallId !== answerId || part.argumentsDelta === "") break;
        streamed += part.argumentsDelta;
        yield { type: "text-delta", delta: part.argumentsDelta };
        break;
      }
      case "tool-call":
        if (part.toolCall.name !== OUTPUT_TOOL_NAME) yield part;
        break;
      case "text-delta":
        streamed += part.delta;
        yield part;
        break;
      case "finish": {
        const response = answerFromOutputTool(part.response);
        const { content } = response.message;
        if (content.length > streamed.length && content.startsWith(streamed)) {
          yield { type: "text-delta", delta: content.slice(streamed.length) };
        }
        yield { type: "finish", response };
        break;
      }
      case "reasoning-delta":
        yield part;
        break;
      default: {
        const unknown: never = part;
        yield unknown;
      }
    }
  }
}
