import Anthropic from "@anthropic-ai/sdk";
import { createModel } from "../create-model.ts";
import { lateBoundFetch, readEnv } from "../fetch-function.ts";
import type { ModelProvider, ModelSettings } from "../model-provider.ts";
import type { Connection, ProviderDriver, SharedProviderOptions } from "../provider-driver.ts";
import { resolveRetryOptions } from "../retry-policy.ts";
import { describeAnthropicError } from "./anthropic-error.ts";
import { fromAnthropicMessage } from "./anthropic-message.ts";
import { toAnthropicBody } from "./anthropic-request.ts";
import { anthropicStreamParts } from "./anthropic-stream.ts";

/** `max_tokens` sent when a request sets no `maxOutputTokens` (the API requires one). */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Options of `createAnthropic`. Every option is read when a request is made, not before. */
export interface AnthropicProviderOptions extends SharedProviderOptions {
  /** @default process.env.ANTHROPIC_API_KEY (read at request time) */
  apiKey?: string;
  /** A bearer token instead of an API key. @default process.env.ANTHROPIC_AUTH_TOKEN */
  authToken?: string;
  /** A proxy or gateway in front of the API. @default process.env.ANTHROPIC_BASE_URL, else the Anthropic API */
  baseURL?: string;
  /** Headers sent with every request (e.g. `anthropic-beta`). */
  headers?: Record<string, string>;
  /** The `provider` name on models and errors. @default "anthropic" */
  name?: string;
  /** `max_tokens` when a request sets no `maxOutputTokens`. @default 4096 */
  defaultMaxTokens?: number;
}

/** Makes models of one Anthropic account: `anthropic("claude-haiku-4-5")`. */
export type AnthropicProvider = (modelId: string, settings?: ModelSettings) => ModelProvider;

/** Creates an Anthropic provider over the official SDK's Messages API. */
export function createAnthropic(options: AnthropicProviderOptions = {}): AnthropicProvider {
  const timings = resolveRetryOptions(options.retry);
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  let cached:
    | {
        apiKey: string | null;
        authToken: string | null;
        baseURL: string | null;
        connection: Connection<Anthropic>;
      }
    | undefined;

  const driver: ProviderDriver<Anthropic> = {
    provider: options.name ?? "anthropic",
    keySource: "the apiKey option or ANTHROPIC_API_KEY (or authToken / ANTHROPIC_AUTH_TOKEN)",
    connect() {
      const apiKey = options.apiKey ?? readEnv("ANTHROPIC_API_KEY") ?? null;
      const authToken =
        apiKey === null ? (options.authToken ?? readEnv("ANTHROPIC_AUTH_TOKEN") ?? null) : null;
      if (!apiKey && !authToken) return undefined;
      const baseURL = options.baseURL ?? readEnv("ANTHROPIC_BASE_URL") ?? null;
      const same =
        cached?.apiKey === apiKey && cached.authToken === authToken && cached.baseURL === baseURL;
      if (cached === undefined || !same) {
        const client = new Anthropic({
          apiKey,
          authToken,
          baseURL,
          fetch: options.fetch ?? lateBoundFetch,
          ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
          ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
          // Retries are ours (one policy for every provider), so the SDK never retries.
          maxRetries: 0,
        });
        const secrets = [apiKey, authToken].filter((s): s is string => typeof s === "string");
        cached = { apiKey, authToken, baseURL, connection: { client, secrets } };
      }
      return cached.connection;
    },
    async generate({ client, modelId, request, settings, signal }) {
      const body = toAnthropicBody(modelId, request, settings, defaultMaxTokens);
      // `_request_id` (set by the SDK on what it parsed) rather than withResponse().
      const data = await client.messages.create(body, { signal, maxRetries: 0 });
      return fromAnthropicMessage(data, data._request_id ?? undefined, modelId);
    },
    stream({ client, modelId, request, settings, signal }) {
      const body = toAnthropicBody(modelId, request, settings, defaultMaxTokens);
      const open = () =>
        client.messages.create({ ...body, stream: true }, { signal, maxRetries: 0 }).withResponse();
      return anthropicStreamParts(open, modelId);
    },
    describeError: describeAnthropicError,
  };

  const config = { timings, streamIdleTimeoutMs: options.streamIdleTimeoutMs };
  return (modelId, settings = {}) => createModel(driver, modelId, settings, config);
}

/** The default Anthropic provider: key and base URL from the environment, read at request time. */
export const anthropic: AnthropicProvider = createAnthropic();
