export type { JsonObject, JsonValue } from "./json.ts";
export {
  type AssistantMessage,
  type ContentPart,
  type FinishReason,
  type Message,
  messageText,
  type ReasoningPart,
  type SystemMessage,
  type ToolCall,
  type ToolMessage,
  type UserMessage,
} from "./message.ts";
export type { Usage, UsageMetrics } from "./usage.ts";
