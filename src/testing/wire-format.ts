import type { JsonObject } from "../messages/json.ts";
import type { Usage } from "../messages/usage.ts";
import type { MockRequestSummary } from "./mock-request.ts";
import type { MockReasoning } from "./mock-turn.ts";

/** A model answer with every default filled in, ready to be written in a provider's format. */
export interface ResolvedReply {
  /** Response id (`chatcmpl-…`, `msg_…`). */
  id: string;
  requestId: string;
  model: string;
  /** Undefined when the turn scripted no text. */
  text: string | undefined;
  /** Reasoning before the answer, as pieces (a scripted string is one piece of text). */
  reasoning: readonly MockReasoning[];
  toolCalls: { id: string; name: string; arguments: string }[];
  /** Neutral finish reason, or a raw provider value to send verbatim. */
  finishReason: string;
  usage: Usage;
}

/** One server-sent event; `data` is already serialised. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** The events of a streamed answer; the last `terminalCount` events are the terminal ones. */
export interface ReplyEvents {
  events: SseEvent[];
  terminalCount: number;
}

/** Fields of a provider error body. */
export interface ErrorFields {
  type?: string | undefined;
  message?: string | undefined;
  code?: string | undefined;
}

/** How one provider writes answers, streams and errors on the wire. */
export interface WireFormat {
  /** Name used in failure messages (`mockOpenAI`). */
  kitName: string;
  provider: "openai" | "anthropic";
  /** The SDK's default `baseURL`. */
  defaultBaseURL: string;
  /** Path appended to the base URL (`/chat/completions`, `/v1/messages`). */
  path: string;
  requestIdHeader: string;
  responseIdPrefix: string;
  toolCallIdPrefix: string;
  /** Whether SSE events carry an `event:` line. */
  namedEvents: boolean;
  summarize(body: JsonObject): MockRequestSummary;
  jsonBody(reply: ResolvedReply): JsonObject;
  sseEvents(reply: ResolvedReply, requestBody: JsonObject): ReplyEvents;
  errorBody(status: number, fields: ErrorFields, requestId: string): JsonObject;
  streamErrorEvent(fields: ErrorFields): SseEvent;
}
