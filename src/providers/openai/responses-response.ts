import type {
  Response,
  ResponseOutputItem,
  ResponseReasoningItem,
  ResponseUsage,
} from "openai/resources/responses/responses";
import type { FinishReason, ReasoningPart, ToolCall } from "../../messages/message.ts";
import type { Usage } from "../../messages/usage.ts";
import type { DriverResponse } from "../provider-driver.ts";
import { DriverFailure } from "../provider-failure.ts";
import { uniqueToolCallIds } from "../unique-tool-call-ids.ts";
import { RESPONSES_REASONING } from "./responses-messages.ts";

/** The usage of a Responses answer, as loosely as a compatible server may send it. */
type LooseUsage = {
  [K in keyof ResponseUsage]?: Partial<ResponseUsage[K]> | null;
};

/** Reads Responses usage; cached, cache-write and reasoning tokens are kept when reported. */
export function responsesUsage(usage: LooseUsage | null | undefined): Usage {
  const result: Usage = {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
  };
  const cached = usage?.input_tokens_details?.cached_tokens;
  const written = usage?.input_tokens_details?.cache_write_tokens;
  const reasoning = usage?.output_tokens_details?.reasoning_tokens;
  if (typeof cached === "number") result.cachedInputTokens = cached;
  if (typeof written === "number" && written > 0) result.cacheWriteTokens = written;
  if (typeof reasoning === "number") result.reasoningTokens = reasoning;
  return result;
}

/**
 * A reasoning item as a reasoning part: its summaries joined by a blank line (else its reasoning
 * text, which open models on compatible servers send instead of a summary).
 */
export function reasoningPart(item: ResponseReasoningItem): ReasoningPart {
  const pieces =
    Array.isArray(item.summary) && item.summary.length > 0 ? item.summary : item.content;
  const part: ReasoningPart = {
    type: "reasoning",
    text: (pieces ?? []).map((piece) => piece.text).join("\n\n"),
    provider: RESPONSES_REASONING,
  };
  if (typeof item.id === "string" && item.id !== "") part.id = item.id;
  if (typeof item.encrypted_content === "string") part.encryptedContent = item.encrypted_content;
  return part;
}

/** What an answer's output items say: text, refusal, reasoning and tool calls. */
export interface ResponsesOutput {
  text: string;
  refusal: string;
  reasoning: ReasoningPart[];
  toolCalls: ToolCall[];
}

/** Reads output items; items of kinds this library does not use (built-in tools) are skipped. */
export function readOutput(items: readonly ResponseOutputItem[]): ResponsesOutput {
  const output: ResponsesOutput = { text: "", refusal: "", reasoning: [], toolCalls: [] };
  for (const item of items) {
    if (item.type === "message") {
      for (const content of item.content ?? []) {
        if (content.type === "output_text") output.text += content.text ?? "";
        else if (content.type === "refusal") output.refusal += content.refusal ?? "";
      }
    } else if (item.type === "function_call") {
      output.toolCalls.push({ id: item.call_id ?? "", name: item.name, arguments: item.arguments });
    } else if (item.type === "reasoning") {
      output.reasoning.push(reasoningPart(item));
    }
  }
  output.toolCalls = uniqueToolCallIds(output.toolCalls, "call_");
  return output;
}

/**
 * The finish reason of a response. A refusal wins; `completed` is `tool-calls` when it carries
 * tool calls, else `stop`; `incomplete` is `length` (max_output_tokens) or `content-filter`;
 * anything else (`cancelled`, a state a finished response should not have) is `other`.
 */
export function responsesFinishReason(
  response: Pick<Response, "status" | "incomplete_details">,
  answer: { refused: boolean; toolCalls: readonly ToolCall[] },
): FinishReason {
  if (answer.refused) return "refusal";
  switch (response.status) {
    case "completed":
    case undefined:
      return answer.toolCalls.length > 0 ? "tool-calls" : "stop";
    case "incomplete": {
      const reason = response.incomplete_details?.reason;
      if (reason === "max_output_tokens") return "length";
      if (reason === "content_filter") return "content-filter";
      return "other";
    }
    default:
      return "other";
  }
}

/** A `failed` response as a stream failure: its `error.code` decides whether it is retried. */
export function failedResponse(response: Response, requestId: string | undefined): DriverFailure {
  const error = response.error;
  return new DriverFailure({
    kind: "stream",
    message: `the response failed: ${error?.message ?? "no error was given"}`,
    requestId,
    providerErrorType: error?.code ?? undefined,
  });
}

/**
 * Reads a finished response into the neutral answer: text (a refusal's text when refused),
 * tool calls, reasoning parts, usage, model and finish reason. `output` overrides the response's
 * items (a stream's items, when its last event carries none).
 */
export function fromResponse(
  response: Response,
  requestId: string | undefined,
  modelId: string,
  output: ResponsesOutput = readOutput(response.output),
): DriverResponse {
  if (response.status === "failed") throw failedResponse(response, requestId);
  const { text, refusal, reasoning, toolCalls } = output;
  const refused = refusal !== "";
  const result: DriverResponse = {
    message: {
      role: "assistant",
      content: text === "" && refused ? refusal : text,
      ...(reasoning.length > 0 ? { reasoning } : {}),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      usage: responsesUsage(response.usage),
      model: typeof response.model === "string" && response.model !== "" ? response.model : modelId,
      finishReason: responsesFinishReason(response, { refused, toolCalls }),
    },
  };
  if (requestId !== undefined) result.requestId = requestId;
  return result;
}

/** Reads a non-streamed answer; rejects one that is not a response object. */
export function fromResponsesAnswer(
  response: Response,
  requestId: string | undefined,
  modelId: string,
): DriverResponse {
  // Typed by the SDK, but a proxy or compatible server can send anything with status 200.
  const loose: unknown = response;
  if (typeof loose !== "object" || loose === null || !Array.isArray(response.output)) {
    throw new DriverFailure({
      kind: "invalid-response",
      message: `the answer has no "output" array (got ${loose === null ? "null" : typeof loose})`,
      requestId,
    });
  }
  return fromResponse(response, requestId, modelId);
}
