import type { FetchFunction } from "./fetch-function.ts";
import type {
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ModelStreamPart,
} from "./model-provider.ts";
import type { ProviderFailure } from "./provider-failure.ts";
import type { RetryOptions } from "./retry-policy.ts";

/** A ready SDK client and the secrets it holds (to keep out of errors). */
export interface Connection<Client> {
  client: Client;
  secrets: readonly string[];
}

/** One call as a driver sees it: settings merged, tools checked, client connected. */
export interface DriverCall<Client> {
  client: Client;
  modelId: string;
  request: ModelRequest;
  settings: ModelSettings;
  signal: AbortSignal | undefined;
}

/** A driver's answer; `attempts` is filled in by the retry loop. */
export type DriverResponse = Omit<ModelResponse, "attempts">;

/**
 * What a provider adapter implements: one HTTP attempt of `generate` or `stream` over its SDK,
 * and the reading of its SDK's errors. Retries, settings and errors are handled once, around it.
 */
export interface ProviderDriver<Client> {
  readonly provider: string;
  /** Where the API key comes from, for messages: `the apiKey option or OPENAI_API_KEY`. */
  readonly keySource: string;
  /** Reads the key (at call time) and returns a client, or undefined when there is no key. */
  connect(): Connection<Client> | undefined;
  /** One non-streaming attempt (SDK retries off). */
  generate(call: DriverCall<Client>): Promise<DriverResponse>;
  /**
   * One streaming attempt: parts as they arrive, ending with `finish`; throws when cut short.
   * Return the parts' generator itself, not one that `yield*`s it: each layer costs every part.
   */
  stream(call: DriverCall<Client>): AsyncIterable<ModelStreamPart>;
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
