import type { JsonObject } from "../messages/json.ts";
import type { AssistantMessage, Message, ToolCall } from "../messages/message.ts";
import type { FunctionParameters } from "../schema/function-parameters.ts";
import type { ProviderError } from "./provider-error.ts";
import type { RetryDelaySource } from "./retry-policy.ts";

/** A tool as the model sees it: a name, what it does, and the JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: FunctionParameters;
}

/** How the model may use the tools it is given. */
export type ToolChoice = "auto" | "none" | "required" | { name: string };

/**
 * Ask for an answer that is JSON matching a schema. The answer's `content` is then the JSON text,
 * whichever way the provider was asked (see `StructuredOutputMode`); the caller parses and
 * validates it.
 */
export interface ResponseFormat {
  type: "json";
  /** The JSON Schema of the answer. Without one, any JSON (OpenAI's JSON mode). */
  schema?: FunctionParameters;
  /** The schema's name, as OpenAI's `json_schema.name` wants one (`^[a-zA-Z0-9_-]{1,64}$`). @default "answer" */
  name?: string;
  /** What the answer is, for the model. */
  description?: string;
}

/**
 * How a provider asks for a `ResponseFormat`:
 * - `"native"`: the API's own structured output (OpenAI `response_format: json_schema`, strict
 *   where the schema allows; Anthropic `output_config.format`);
 * - `"tool"`: a tool whose input is the schema, which the model is made to call; its input is the
 *   answer (for models or servers without native support);
 * - `"prompt"`: JSON mode where there is one, and the schema in the system message (for
 *   OpenAI-compatible servers that lack `json_schema`).
 */
export type StructuredOutputMode = "native" | "tool" | "prompt";

/**
 * How hard a reasoning model thinks: OpenAI's `reasoning_effort` (Responses `reasoning.effort`),
 * Anthropic's `output_config.effort` (`low` to `xhigh`).
 */
export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh";

/** Sampling and request settings, the same names for every provider. */
export interface ModelSettings {
  temperature?: number;
  /** Required by Anthropic; providers that need a value use their documented default. */
  maxOutputTokens?: number;
  topP?: number;
  /** Sample from the K most likely tokens only: Anthropic's `top_k` (Chat Completions has none). */
  topK?: number;
  stopSequences?: readonly string[];
  /** OpenAI only (Anthropic's Messages API has no seed). */
  seed?: number;
  /** From -2 to 2; above 0 discourages tokens already used at all. OpenAI only. */
  presencePenalty?: number;
  /** From -2 to 2; above 0 discourages tokens by how often they were used. OpenAI only. */
  frequencyPenalty?: number;
  toolChoice?: ToolChoice;
  /** Whether the model may ask for several tool calls in one answer. @default provider default */
  parallelToolCalls?: boolean;
  /** Retries of a failed request (429, 5xx, connection errors). @default 2 */
  maxRetries?: number;
  /** Provider-specific body fields, merged into the request as given (e.g. `{ reasoning_effort: "low" }`). */
  providerOptions?: JsonObject;
  /** How a request's `responseFormat` is asked for. @default the provider's own default */
  structuredOutput?: StructuredOutputMode;
  /** How hard a reasoning model thinks (OpenAI `reasoning_effort`, Anthropic `output_config.effort`). */
  reasoningEffort?: ReasoningEffort;
  /**
   * Anthropic extended thinking: `{ budgetTokens }` (≥ 1024, below `maxOutputTokens`) turns it on;
   * thinking comes back as the answer's `reasoning` and `reasoning-delta` stream parts.
   */
  thinking?: { budgetTokens: number };
  /**
   * Anthropic prompt caching: mark the stable prefix (system message, tools, and the
   * conversation up to the last message) with `cache_control`. `true` is the 5-minute cache.
   */
  cacheControl?: boolean | { ttl: "5m" | "1h" };
  /**
   * Settings to leave out of a request, instead of refusing it, when the provider's API has no
   * field for them: setting names (`"topK"` for OpenAI, `"seed"` for Anthropic) and
   * `providerOptions` keys (a body field the API does not list). Any other setting the API cannot
   * send fails the call with `PROVIDER_BAD_REQUEST` before anything is sent. A prompt file's
   * `config` lists its keys here, so a file moves between providers as it does in Genkit.
   */
  dropUnsupported?: readonly string[];
}

/** One request to a model: the conversation so far, the tools, the settings. */
export interface ModelRequest {
  /**
   * The conversation so far. Each message object is converted to the provider's wire format the
   * first time it is sent and reused by later requests, so a message must not change once sent:
   * to change one, send a new object in its place.
   */
  messages: readonly Message[];
  tools?: readonly ToolSpec[];
  settings?: ModelSettings;
  /** Ask for a JSON answer matching a schema (structured output). */
  responseFormat?: ResponseFormat;
}

/** The model's answer: an assistant message carrying its usage, model id and finish reason. */
export interface ModelResponse {
  message: AssistantMessage & Required<Pick<AssistantMessage, "usage" | "model" | "finishReason">>;
  /** The provider's request id (`x-request-id` / `request-id`), for support tickets and logs. */
  requestId?: string;
  /**
   * HTTP attempts it took (1 when the first one succeeded), the requests that continued a paused
   * turn included.
   */
  attempts: number;
}

/**
 * What `stream()` yields: deltas as they arrive, then exactly one `finish` with the whole answer.
 * `tool-call-delta` parts are for UIs that show arguments as they are written; an agent loop can
 * ignore them and act on the complete `tool-call` parts (or on `finish`).
 */
export type ModelStreamPart =
  | { type: "text-delta"; delta: string }
  /** A piece of the model's reasoning (thinking), never part of the answer's text. */
  | { type: "reasoning-delta"; delta: string }
  /** A piece of a tool call's arguments; the first piece of a call carries its id and name. */
  | { type: "tool-call-delta"; toolCallId: string; toolName: string; argumentsDelta: string }
  /** A tool call whose arguments are complete (they arrive as deltas on the wire and are reassembled). */
  | { type: "tool-call"; toolCall: ToolCall }
  | { type: "finish"; response: ModelResponse };

/** Told to `onRetry` before the wait that precedes a retry. */
export interface RetryNotice {
  /** The attempt that failed (1 for the first request). */
  attempt: number;
  /** How long the provider waits before the next attempt. */
  delayMs: number;
  source: RetryDelaySource;
  /** The failure being retried. */
  error: ProviderError;
}

/** Options of one model call. */
export interface ModelCallOptions {
  signal?: AbortSignal;
  /** Overrides the model's `maxRetries` for this call: a whole number ≥ 0 (else an `OptionsError`). */
  maxRetries?: number;
  /** Called before each retry's wait, e.g. to emit a `retry` event. Must not throw. */
  onRetry?: (notice: RetryNotice) => void;
}

/**
 * One model of one provider, ready to call: `openai("gpt-4o-mini")`, `anthropic("claude-…")`.
 * Both methods retry failed requests by one shared policy and throw `ProviderError`s; invalid
 * request settings or call options are an `OptionsError` (`OPTIONS_INVALID`), before anything is
 * sent. Invalid model settings are an `OptionsError` when the model is made.
 */
export interface LanguageModel {
  /** `"openai"`, `"anthropic"`, or the name given to an OpenAI-compatible server. */
  readonly provider: string;
  readonly modelId: string;
  /** Settings applied to every request of this model (a request's own settings win). */
  readonly settings: ModelSettings;
  generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamPart>;
}

/**
 * The old name of `LanguageModel`, kept for one release.
 * @deprecated Use `LanguageModel`: it is one model, not a provider.
 */
export type ModelProvider = LanguageModel;
