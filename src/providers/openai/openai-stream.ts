import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { DriverStreamPart, OpenStream } from "../provider-driver.ts";
import { DriverFailure } from "../provider-failure.ts";
import { uniqueToolCallIds } from "../unique-tool-call-ids.ts";
import { type OpenAIUsage, openaiFinishReason, openaiUsage } from "./openai-response.ts";
import { ToolCallAssembler } from "./openai-tool-calls.ts";

/**
 * Opens a streamed request and turns its Chat Completions chunks into stream parts: text deltas, tool-call deltas, the
 * complete tool calls at the end (none when cut off by `length`), then `finish` with usage (the
 * chunk after `finish_reason`). A stream that ends without `finish_reason` is an error.
 */
export async function* openaiStreamParts(
  open: OpenStream<ChatCompletionChunk>,
  modelId: string,
): AsyncGenerator<DriverStreamPart, void, undefined> {
  const { data: chunks, request_id } = await open();
  const requestId = request_id ?? undefined;
  const assembler = new ToolCallAssembler();
  let text = "";
  let refusal = "";
  let model = modelId;
  let finishRaw: string | undefined;
  let usage: OpenAIUsage | null | undefined;
  for await (const chunk of chunks) {
    if (typeof chunk.model === "string" && chunk.model !== "") model = chunk.model;
    if (chunk.usage) usage = chunk.usage;
    const choice = firstChoice(chunk.choices);
    if (choice === undefined) continue;
    const { delta } = choice;
    if (typeof delta?.content === "string" && delta.content !== "") {
      text += delta.content;
      yield { type: "text-delta", delta: delta.content };
    }
    if (typeof delta?.refusal === "string" && delta.refusal !== "") {
      refusal += delta.refusal;
      yield { type: "text-delta", delta: delta.refusal };
    }
    for (const fragment of delta?.tool_calls ?? []) {
      const { call, argumentsDelta, started } = assembler.add(fragment);
      if (started || argumentsDelta !== "") {
        yield { type: "tool-call-delta", toolCallId: call.id, toolName: call.name, argumentsDelta };
      }
    }
    if (choice.finish_reason) finishRaw = choice.finish_reason;
  }
  if (finishRaw === undefined) {
    throw new DriverFailure({
      kind: "stream",
      message: "the stream ended before its finish_reason (connection cut or proxy timeout)",
      requestId,
    });
  }
  const toolCalls = uniqueToolCallIds(assembler.calls, "call_");
  if (finishRaw !== "length") {
    for (const toolCall of toolCalls) yield { type: "tool-call", toolCall: { ...toolCall } };
  }
  const refused = refusal !== "";
  yield {
    type: "finish",
    response: {
      message: {
        role: "assistant",
        content: text === "" && refused ? refusal : text,
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
        usage: openaiUsage(usage),
        model,
        finishReason: openaiFinishReason(finishRaw, { refused, toolCalls }),
      },
      ...(requestId === undefined ? {} : { requestId }),
    },
  };
}

/** The chunk's choice 0 (a loop, not `find`: this runs for every chunk). */
function firstChoice(
  choices: ChatCompletionChunk["choices"] | undefined,
): ChatCompletionChunk.Choice | undefined {
  if (choices === undefined) return undefined;
  for (const choice of choices) if ((choice.index ?? 0) === 0) return choice;
  return undefined;
}
