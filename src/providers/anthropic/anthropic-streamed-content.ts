import type {
  ContentBlock,
  RawContentBlockDeltaEvent,
  RawContentBlockStartEvent,
} from "@anthropic-ai/sdk/resources/messages/messages";

/** The content events of a streamed answer, in order. */
export type ContentEvent = RawContentBlockStartEvent | RawContentBlockDeltaEvent;

type Editable = Record<string, unknown>;

function applyDelta(
  block: Editable,
  event: RawContentBlockDeltaEvent,
  json: Map<Editable, string>,
) {
  const { delta } = event;
  switch (delta.type) {
    case "text_delta":
      block.text = `${typeof block.text === "string" ? block.text : ""}${delta.text}`;
      break;
    case "citations_delta":
      block.citations = [
        ...(Array.isArray(block.citations) ? block.citations : []),
        delta.citation,
      ];
      break;
    case "input_json_delta":
      json.set(block, (json.get(block) ?? "") + delta.partial_json);
      break;
    case "thinking_delta":
      block.thinking = `${typeof block.thinking === "string" ? block.thinking : ""}${delta.thinking}`;
      break;
    case "signature_delta":
      block.signature = delta.signature;
      break;
    default: {
      const unknown: never = delta;
      // A delta type added later: the block keeps what its start event said.
      void unknown;
    }
  }
}

/**
 * The content blocks of a streamed answer, rebuilt from its events the way the SDK's own
 * `MessageStream` accumulates them: needed only to send a paused answer back as-is, so the
 * stream records events and this runs once, at a pause.
 */
export function streamedContent(events: readonly ContentEvent[]): ContentBlock[] {
  const blocks = new Map<number, Editable>();
  const json = new Map<Editable, string>();
  for (const event of events) {
    if (event.type === "content_block_start") {
      blocks.set(event.index, { ...event.content_block });
      continue;
    }
    const block = blocks.get(event.index);
    if (block !== undefined) applyDelta(block, event, json);
  }
  for (const [block, text] of json) {
    // Tool inputs stream as JSON text; the start event's `{}` stands when it never completed.
    try {
      if (text !== "") block.input = JSON.parse(text);
    } catch {}
  }
  return [...blocks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, block]) => block as unknown as ContentBlock);
}
