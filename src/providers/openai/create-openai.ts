import OpenAI from "openai";
import { createModel } from "../create-model.ts";
import { lateBoundFetch, readEnv } from "../fetch-function.ts";
import type { ModelProvider, ModelSettings } from "../model-provider.ts";
import type { Connection, ProviderDriver, SharedProviderOptions } from "../provider-driver.ts";
import { resolveRetryOptions } from "../retry-policy.ts";
import { fromChatCompletion } from "./openai-completion.ts";
import { describeOpenAIError } from "./openai-error.ts";
import { type MaxTokensParameter, toOpenAIBody } from "./openai-request.ts";
import { openaiStreamParts } from "./openai-stream.ts";

/**
 * Options of `createOpenAI`. The key and base URL are read when a request is made, not before
 * (so a key set after the model was made is used); organization and project when the client is
 * made for that key and base URL.
 */
export interface OpenAIProviderOptions extends SharedProviderOptions {
  /** @default process.env.OPENAI_API_KEY (read at request time) */
  apiKey?: string;
  /**
   * Any OpenAI-compatible server: `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1`
   * (vLLM), `http://localhost:1234/v1` (LM Studio), `https://openrouter.ai/api/v1`,
   * `https://api.groq.com/openai/v1`. @default process.env.OPENAI_BASE_URL, else the OpenAI API
   */
  baseURL?: string;
  /** @default process.env.OPENAI_ORG_ID */
  organization?: string;
  /** @default process.env.OPENAI_PROJECT_ID */
  project?: string;
  /** Headers sent with every request (e.g. OpenRouter's `HTTP-Referer`). */
  headers?: Record<string, string>;
  /** The `provider` name on models and errors, e.g. `"ollama"`. @default "openai" */
  name?: string;
  /**
   * The body field for `maxOutputTokens`; servers that predate `max_completion_tokens` need
   * `"max_tokens"`. @default "max_completion_tokens"
   */
  maxTokensParameter?: MaxTokensParameter;
}

/** Makes models of one OpenAI (or OpenAI-compatible) account: `openai("gpt-4o-mini")`. */
export type OpenAIProvider = (modelId: string, settings?: ModelSettings) => ModelProvider;

/** Creates an OpenAI provider over the official SDK's Chat Completions API. */
export function createOpenAI(options: OpenAIProviderOptions = {}): OpenAIProvider {
  const timings = resolveRetryOptions(options.retry);
  const maxTokensParameter = options.maxTokensParameter ?? "max_completion_tokens";
  let cached:
    | { apiKey: string; baseURL: string | null; connection: Connection<OpenAI> }
    | undefined;

  const driver: ProviderDriver<OpenAI> = {
    provider: options.name ?? "openai",
    keySource: "the apiKey option or OPENAI_API_KEY (any non-empty string for local servers)",
    connect() {
      const apiKey = options.apiKey ?? readEnv("OPENAI_API_KEY");
      if (apiKey === undefined || apiKey === "") return undefined;
      const baseURL = options.baseURL ?? readEnv("OPENAI_BASE_URL") ?? null;
      if (cached?.apiKey === apiKey && cached.baseURL === baseURL) return cached.connection;
      // Organization and project are read when the client is made (each env read costs every
      // request a few µs, and they change with the key if at all).
      const client = new OpenAI({
        apiKey,
        baseURL,
        organization: options.organization ?? readEnv("OPENAI_ORG_ID") ?? null,
        project: options.project ?? readEnv("OPENAI_PROJECT_ID") ?? null,
        fetch: options.fetch ?? lateBoundFetch,
        ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
        ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
        // Retries are ours (one policy for every provider), so the SDK never retries.
        maxRetries: 0,
      });
      cached = { apiKey, baseURL, connection: { client, secrets: [apiKey] } };
      return cached.connection;
    },
    async generate({ client, modelId, request, settings, signal }) {
      const body = toOpenAIBody(modelId, request, settings, maxTokensParameter);
      // `_request_id` (set by the SDK on what it parsed) rather than withResponse(): one
      // Promise.all and header lookup fewer per call.
      const data = await client.chat.completions.create(body, { signal, maxRetries: 0 });
      return fromChatCompletion(data, data._request_id ?? undefined, modelId);
    },
    stream({ client, modelId, request, settings, signal }) {
      const body = toOpenAIBody(modelId, request, settings, maxTokensParameter);
      const open = () =>
        client.chat.completions
          .create(
            { ...body, stream: true, stream_options: { include_usage: true } },
            { signal, maxRetries: 0 },
          )
          .withResponse();
      return openaiStreamParts(open, modelId);
    },
    describeError: describeOpenAIError,
  };

  const config = { timings, streamIdleTimeoutMs: options.streamIdleTimeoutMs };
  return (modelId, settings = {}) => createModel(driver, modelId, settings, config);
}

/** The default OpenAI provider: key and base URL from the environment, read at request time. */
export const openai: OpenAIProvider = createOpenAI();
