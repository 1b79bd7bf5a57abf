import type {
  ContentBlock,
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
} from "@anthropic-ai/sdk/resources/messages/messages";

/**
 * What a paused answer (`stop_reason: "pause_turn"`, a long turn of server tools) leaves for the
 * request that continues it: every content block of the turn so far, exactly as the API sent
 * them, and the container the turn's code ran in.
 */
export interface AnthropicResume {
  content: ContentBlockParam[];
  container?: string;
}

/**
 * The resume state after one more paused answer: its blocks appended to the turn's blocks so far
 * (the API continues from the end of the assistant turn it is sent).
 */
export function pausedTurn(
  previous: AnthropicResume | undefined,
  content: readonly ContentBlock[],
  container: string | undefined,
): AnthropicResume {
  // Anthropic documents sending the answer's content back as-is; its response blocks are
  // accepted as request blocks.
  const blocks = content as unknown as readonly ContentBlockParam[];
  const resume: AnthropicResume = { content: [...(previous?.content ?? []), ...blocks] };
  const inside = container ?? previous?.container;
  if (inside !== undefined) resume.container = inside;
  return resume;
}

/**
 * The body that continues a paused turn: the same request with the turn's content appended as
 * the assistant's last message (joined to one that already ends the conversation, a prefill),
 * and the same container.
 */
export function continuationBody<Body extends MessageCreateParamsNonStreaming>(
  body: Body,
  resume: AnthropicResume,
): Body {
  const messages = [...body.messages];
  const last = messages.at(-1);
  if (last?.role === "assistant") {
    const before: ContentBlockParam[] =
      typeof last.content === "string" ? [{ type: "text", text: last.content }] : last.content;
    messages[messages.length - 1] = { role: "assistant", content: [...before, ...resume.content] };
  } else {
    messages.push({ role: "assistant", content: resume.content });
  }
  const continued: Body = { ...body, messages };
  if (resume.container !== undefined) continued.container = resume.container;
  return continued;
}
