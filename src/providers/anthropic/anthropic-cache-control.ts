import type {
  CacheControlEphemeral,
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
  MessageParam,
  RedactedThinkingBlockParam,
  ThinkingBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { ModelSettings } from "../language-model.ts";

/** The blocks that can carry a breakpoint: every content block but thinking. */
type Markable = Exclude<ContentBlockParam, ThinkingBlockParam | RedactedThinkingBlockParam>;

/** `cacheControl` as the API's marker: `true` is the default (5-minute) cache. */
export function cacheMarker(
  setting: ModelSettings["cacheControl"],
): CacheControlEphemeral | undefined {
  if (setting === undefined || setting === false) return undefined;
  return setting === true ? { type: "ephemeral" } : { type: "ephemeral", ttl: setting.ttl };
}

function markable(block: ContentBlockParam): block is Markable {
  if (block.type === "thinking" || block.type === "redacted_thinking") return false;
  // The API refuses a breakpoint on an empty text block.
  return block.type !== "text" || block.text !== "";
}

function markLastMessage(messages: MessageParam[], marker: CacheControlEphemeral): MessageParam[] {
  const last = messages.at(-1);
  // Our conversations have user and assistant turns only (system text is the top-level field).
  if (last === undefined || last.role === "system") return messages;
  const blocks: ContentBlockParam[] =
    typeof last.content === "string" ? [{ type: "text", text: last.content }] : [...last.content];
  const at = blocks.findLastIndex(markable);
  if (at === -1) return messages;
  blocks[at] = { ...(blocks[at] as Markable), cache_control: marker };
  return [...messages.slice(0, -1), { role: last.role, content: blocks }];
}

/**
 * The body with prompt-cache breakpoints (`cache_control`) on the stable prefix, in the API's
 * order: the last tool, the system prompt, and the last block of the last message (so the next
 * request of a tool loop reads the whole conversation so far from the cache). Three of the four
 * breakpoints a request may have. Copies what it marks: converted messages and tool lists are
 * shared with later requests and must not change.
 */
export function withCacheBreakpoints(
  body: MessageCreateParamsNonStreaming,
  marker: CacheControlEphemeral,
): MessageCreateParamsNonStreaming {
  const marked: MessageCreateParamsNonStreaming = {
    ...body,
    messages: markLastMessage(body.messages, marker),
  };
  const { system, tools } = body;
  if (typeof system === "string" && system !== "") {
    marked.system = [{ type: "text", text: system, cache_control: marker }];
  } else if (Array.isArray(system) && system.length > 0) {
    marked.system = system.map((block, i) =>
      i === system.length - 1 ? { ...block, cache_control: marker } : block,
    );
  }
  const lastTool = tools?.at(-1);
  if (tools !== undefined && lastTool !== undefined) {
    marked.tools = [...tools.slice(0, -1), { ...lastTool, cache_control: marker }];
  }
  return marked;
}
