import type { FetchFunction } from "./fetch-function.ts";
import type {
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ModelStreamPart,
} from "./language-model.ts";
import type { ProviderFailure } from "./provider-failure.ts";
import type { RetryOptions } from "./retry-policy.ts";

/** A ready SDK client, the secrets it holds (to keep out of errors) and where it sends requests. */
export interface Connection<Client> {
  client: Client;
  secrets: readonly string[];
  /** The URL a model call goes to, without query or credentials, for connection errors. */
  endpoint: string;
  /** True when no key is sent (an OpenAI-compatible server that needs none). */
  keyless?: boolean;
}

/** One call as a driver sees it: client connected, body built once for every attempt. */
export interface DriverCall<Client, Body, Resume = never> {
  client: Client;
  modelId: string;
  /** The request body (without the fields that ask for a stream). */
  body: Body;
  signal: AbortSignal | undefined;
  /** Set on a request that continues a paused turn: what the paused answers left to send back. */
  resume?: Resume | undefined;
}

/** A driver's answer; `attempts` is filled in by the retry loop. */
export interface DriverResponse<Resume = never> extends Omit<ModelResponse, "attempts"> {
  /**
   * Set when the provider paused the turn and asks for it to be continued (Anthropic's
   * `pause_turn`): what the continuation request must carry. Never part of a `ModelResponse`.
   */
  resume?: Resume;
}

/** What a driver's stream yields: the stream parts, its `finish` carrying a `DriverResponse`. */
export type DriverStreamPart<Resume = never> =
  | Exclude<ModelStreamPart, { type: "finish" }>
  | { type: "finish"; response: DriverResponse<Resume> };

/**
 * What a provider adapter implements: the request body, one HTTP attempt of `generate` or
 * `stream` over its SDK, and the reading of its SDK's errors. Retries, settings and errors are
 * handled once, around it. `Body` is the SDK's request body; `Resume` is what a paused answer
 * hands to the request that continues it (`never` for providers that do not pause).
 */
export interface ProviderDriver<Client, Body, Resume = never> {
  readonly provider: string;
  /** Where the API key comes from, for messages: `the apiKey option or OPENAI_API_KEY`. */
  readonly keySource: string;
  /** Said after "Pass <keySource>." when there is no key, e.g. which servers need none. */
  readonly missingKeyHint?: string;
  /**
   * Reads the key and base URL (at call time) and returns a client, or undefined when there is
   * no key and the server needs one.
   */
  connect(): Connection<Client> | undefined;
  /**
   * The body of a request, settings merged, built once before its first attempt. Throws a
   * `DriverFailure` (kind `refused`) for a request that cannot be sent.
   */
  body(modelId: string, request: ModelRequest, settings: ModelSettings): Body;
  /** One non-streaming attempt (SDK retries off). */
  generate(call: DriverCall<Client, Body, Resume>): Promise<DriverResponse<Resume>>;
  /**
   * One streaming attempt: parts as they arrive, ending with `finish`; throws when cut short.
   * Return the parts' generator itself, not one that `yield*`s it: each layer costs every part.
   */
  stream(call: DriverCall<Client, Body, Resume>): AsyncIterable<DriverStreamPart<Resume>>;
  /** Reads an error the SDK threw. */
  describeError(error: unknown): ProviderFailure;
}

/** Options every provider factory takes (`createOpenAI`, `createAnthropic`). */
export interface SharedProviderOptions {
  /** @default globalThis.fetch, looked up at request time */
  fetch?: FetchFunction;
  /** Time allowed for the response headers of one attempt. @default the SDK's 10 minutes */
  timeoutMs?: number;
  /**
   * Abort a streamed attempt when no part arrives for this long, as a retryable
   * `PROVIDER_TIMEOUT` (before any output) or a `PROVIDER_STREAM_ERROR` (after). The SDK's
   * timeout ends at the response headers. Leave room for models that think before writing.
   * @default no limit
   */
  streamIdleTimeoutMs?: number;
  /** Retry timings (how many retries is the `maxRetries` setting). */
  retry?: RetryOptions;
}

/** Opens a streamed SDK request: its events and the request id (the SDKs' `withResponse()`). */
export type OpenStream<Event> = () => Promise<{
  data: AsyncIterable<Event>;
  request_id?: string | null | undefined;
}>;
