import type { JsonValue } from "../messages/json.ts";
import type { FinishReason } from "../messages/message.ts";
import type { Usage } from "../messages/usage.ts";
import type { MockRequest } from "./mock-request.ts";

/** A tool call the mock model makes; `arguments` may be a raw string to script malformed JSON. */
export interface MockToolCall {
  /** Call id; generated (`call_…` / `toolu_…`) when omitted. */
  id?: string;
  name: string;
  /** An object (sent as JSON) or a raw string sent verbatim, e.g. `'{"a": 2,'` to test repair. */
  arguments: Record<string, unknown> | string;
}

/** A piece of reasoning in a scripted answer, shown before its text. */
export interface MockReasoning {
  /** The reasoning text (Anthropic thinking, a Responses reasoning summary). */
  text?: string;
  /** Anthropic: the thinking block's signature. @default a fixed test signature */
  signature?: string;
  /** Anthropic: a redacted_thinking block with this encrypted data, instead of thinking text. */
  redactedData?: string;
  /** OpenAI Responses: the reasoning item's encrypted content. */
  encryptedContent?: string;
}

/** Chunking and faults for one response body; byte options also apply to JSON bodies. */
export interface MockStreamOptions {
  /** Re-split the body into chunks of this many bytes (splits JSON and UTF-8 characters). */
  chunkBytes?: number;
  /** Wait this long between chunks. */
  chunkDelayMs?: number;
  /** Send this many bytes, then break the connection (the client's read fails: `TypeError: terminated`). */
  errorAfterBytes?: number;
  /** Send this many bytes, then nothing more until the client aborts. */
  stallAfterBytes?: number;
  /** SSE only: leave out the terminal events (OpenAI finish chunk, usage, `[DONE]`; Anthropic `message_delta`, `message_stop`). */
  endWithoutDone?: boolean;
  /** SSE only: send the provider's in-band error event and close the stream. */
  errorEvent?: MockStreamErrorEvent;
}

/** An in-band SSE error event (OpenAI `data: {"error":…}`, Anthropic `event: error`). */
export interface MockStreamErrorEvent {
  /** Provider error type. @default "server_error" (OpenAI), "overloaded_error" (Anthropic) */
  type?: string;
  message?: string;
  /** Events sent before the error. @default every event before the terminal ones */
  afterEvents?: number;
}

/** Options any scripted turn may carry. */
export interface MockTurnOptions {
  /** A check on the request; when it returns false or throws, the request fails with MOCK_TURN_MISMATCH. */
  match?: (request: MockRequest) => boolean;
  /** Wait this long before answering (`Infinity`: until the client aborts). */
  delayMs?: number;
}

/** A model answer: text, tool calls, or both. */
export interface MockReply extends MockTurnOptions {
  text?: string;
  /**
   * A structured answer, in the way the request asked for one: as JSON text (native and prompt
   * modes), or as the call of the output tool the request forces (tool mode).
   */
  object?: JsonValue;
  /** Reasoning before the answer: text, or pieces (a string is one piece of thinking text). */
  reasoning?: string | readonly MockReasoning[];
  toolCalls?: readonly MockToolCall[];
  /** Token usage reported; estimated from the request and the answer when omitted. */
  usage?: Usage;
  /** Neutral reason, mapped to the provider's wire value; any other string is sent verbatim. */
  finishReason?: FinishReason | (string & {});
  /** Model name in the response. @default the request's `model` */
  model?: string;
  /** Faults and chunking for this turn's response body. */
  stream?: MockStreamOptions;
  error?: never;
  networkError?: never;
}

/** An HTTP error response in the provider's error format. */
export interface MockHttpError {
  status: number;
  /** Extra or overriding response headers (`retry-after`, `x-should-retry`, …). */
  headers?: Record<string, string>;
  /** The whole body: JSON, or a string sent verbatim. @default the provider's error body */
  body?: JsonValue;
  /** Message in the default body. */
  message?: string;
  /** Error type in the default body (OpenAI `error.type`, Anthropic `error.type`). */
  type?: string;
  /** OpenAI `error.code` in the default body. */
  code?: string;
}

/** A turn answered with an HTTP error. */
export interface MockErrorTurn extends MockTurnOptions {
  error: MockHttpError;
  networkError?: never;
}

/** A turn whose request fails at the network level (`fetch` rejects). */
export interface MockNetworkErrorTurn extends MockTurnOptions {
  networkError: true;
  error?: never;
}

/** One scripted turn as data. */
export type MockTurnSpec = MockReply | MockErrorTurn | MockNetworkErrorTurn;

/** One scripted turn: data, or a function of the request for content-dependent answers. */
export type MockTurn = MockTurnSpec | ((request: MockRequest) => MockTurnSpec);
