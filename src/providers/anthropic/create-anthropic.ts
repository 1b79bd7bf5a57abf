import Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages/messages";
import { OptionsError } from "../../errors/errors.ts";
import { checkProviderOptions, type OptionCheck } from "../check-provider-options.ts";
import { createModel } from "../create-model.ts";
import { endpointURL } from "../endpoint-url.ts";
import { lateBoundFetch, readEnv } from "../fetch-function.ts";
import type { LanguageModel, ModelSettings, StructuredOutputMode } from "../language-model.ts";
import {
  checkHeaders,
  checkNumber,
  checkString,
  checkURL,
  optionProblem,
} from "../option-checks.ts";
import { answerFromOutputTool, outputToolAsText } from "../output-tool-answer.ts";
import type { Connection, ProviderDriver, SharedProviderOptions } from "../provider-driver.ts";
import { resolveRetryOptions } from "../retry-policy.ts";
import { checkStructuredOutput } from "../structured-output.ts";
import { describeAnthropicError } from "./anthropic-error.ts";
import { fromAnthropicMessage } from "./anthropic-message.ts";
import { toAnthropicBody } from "./anthropic-request.ts";
import { asksOutputTool } from "./anthropic-response-format.ts";
import { type AnthropicResume, continuationBody } from "./anthropic-resume.ts";
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
  /**
   * How a request's `responseFormat` is asked for when its settings do not say
   * (`ModelSettings.structuredOutput` wins). `"native"` is `output_config.format` (constrained
   * decoding: Claude Opus 4.5, Sonnet 4.5, Haiku 4.5 and later); models before those need
   * `"tool"` (a forced tool call, any Claude model, not beside extended thinking).
   * @default "native"
   */
  structuredOutput?: StructuredOutputMode;
}

/** Makes models of one Anthropic account: `anthropic("claude-haiku-4-5")`. */
export type AnthropicProvider = (modelId: string, settings?: ModelSettings) => LanguageModel;

const OFFICIAL_BASE_URL = "https://api.anthropic.com";
const MESSAGES_PATH = "/v1/messages";

const ANTHROPIC_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  apiKey: (problems, name, value) => checkString(problems, name, value, true),
  authToken: (problems, name, value) => checkString(problems, name, value, true),
  baseURL: checkURL,
  headers: checkHeaders,
  name: (problems, name, value) => checkString(problems, name, value),
  defaultMaxTokens: (problems, name, value) =>
    checkNumber(problems, name, value, { whole: true, min: 1 }),
  structuredOutput: checkStructuredOutput,
};

/**
 * Creates an Anthropic provider over the official SDK's Messages API. Its options are checked
 * here, and each model's settings when it is made: an `OptionsError` lists every problem. A turn
 * the API pauses (`pause_turn`, long server-tool turns) is continued, up to
 * `MAX_PAUSE_CONTINUATIONS` (5) requests, and returned as one answer.
 */
export function createAnthropic(options: AnthropicProviderOptions = {}): AnthropicProvider {
  checkProviderOptions("createAnthropic", options, ANTHROPIC_OPTIONS);
  const provider = options.name ?? "anthropic";
  const timings = resolveRetryOptions(options.retry);
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  const structuredOutput = options.structuredOutput ?? "native";
  let cached:
    | {
        apiKey: string | null;
        authToken: string | null;
        baseURL: string | null;
        connection: Connection<Anthropic>;
      }
    | undefined;

  const driver: ProviderDriver<Anthropic, MessageCreateParamsNonStreaming, AnthropicResume> = {
    provider,
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
        const endpoint = endpointURL(baseURL ?? OFFICIAL_BASE_URL, MESSAGES_PATH);
        if (endpoint === undefined) {
          throw new OptionsError(`${provider} provider`, [
            optionProblem("ANTHROPIC_BASE_URL", "an http:// or https:// URL", baseURL),
          ]);
        }
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
        cached = { apiKey, authToken, baseURL, connection: { client, secrets, endpoint } };
      }
      return cached.connection;
    },
    body: (modelId, request, settings) =>
      toAnthropicBody(modelId, request, settings, defaultMaxTokens, structuredOutput),
    async generate({ client, modelId, body: first, signal, resume }) {
      const body = resume === undefined ? first : continuationBody(first, resume);
      // `_request_id` (set by the SDK on what it parsed) rather than withResponse().
      const data = await client.messages.create(body, { signal, maxRetries: 0 });
      const response = fromAnthropicMessage(data, data._request_id ?? undefined, modelId, resume);
      return asksOutputTool(body) ? answerFromOutputTool(response) : response;
    },
    stream({ client, modelId, body: first, signal, resume }) {
      const body = resume === undefined ? first : continuationBody(first, resume);
      const open = () =>
        client.messages.create({ ...body, stream: true }, { signal, maxRetries: 0 }).withResponse();
      const parts = anthropicStreamParts(open, modelId, resume);
      // Tool mode only pays for the extra generator layer.
      return asksOutputTool(body) ? outputToolAsText(parts) : parts;
    },
    describeError: describeAnthropicError,
  };

  const config = { timings, streamIdleTimeoutMs: options.streamIdleTimeoutMs };
  return (modelId, settings = {}) => createModel(driver, modelId, settings, config);
}

/** The default Anthropic provider: key and base URL from the environment, read at request time. */
export const anthropic: AnthropicProvider = createAnthropic();
