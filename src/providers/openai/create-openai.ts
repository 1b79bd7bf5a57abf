import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { OptionsError } from "../../errors/errors.ts";
import { checkProviderOptions, type OptionCheck } from "../check-provider-options.ts";
import { createModel } from "../create-model.ts";
import { endpointURL } from "../endpoint-url.ts";
import { lateBoundFetch, readEnv } from "../fetch-function.ts";
import type { LanguageModel, ModelSettings, StructuredOutputMode } from "../language-model.ts";
import { checkHeaders, checkString, checkURL, optionProblem } from "../option-checks.ts";
import { answerFromOutputTool, outputToolAsText } from "../output-tool-answer.ts";
import type { Connection, ProviderDriver, SharedProviderOptions } from "../provider-driver.ts";
import { resolveRetryOptions } from "../retry-policy.ts";
import { checkStructuredOutput } from "../structured-output.ts";
import { fromChatCompletion } from "./openai-completion.ts";
import { describeOpenAIError } from "./openai-error.ts";
import { type MaxTokensParameter, toOpenAIBody } from "./openai-request.ts";
import { asksOutputTool } from "./openai-response-format.ts";
import { openaiStreamParts } from "./openai-stream.ts";
import { responsesDriver } from "./responses-driver.ts";

/**
 * Options of `createOpenAI`. The key and base URL are read when a request is made, not before
 * (so a key set after the model was made is used); organization and project when the client is
 * made for that key and base URL.
 */
export interface OpenAIProviderOptions extends SharedProviderOptions {
  /**
   * Needed for the OpenAI API; a server at any other `baseURL` (Ollama, vLLM, LM Studio) is
   * called without one when none is set (no `Authorization` header is sent).
   * @default process.env.OPENAI_API_KEY (read at request time)
   */
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
  /**
   * Sends each tool with `strict: true` when its schema can say the same thing strictly (every
   * property required, optional ones nullable, no extra properties): the model's arguments then
   * always match the schema. The same goes for a `responseFormat`'s `json_schema` (an optional
   * property then comes back as null). Compatible servers may not know the field.
   * @default true for the OpenAI API, false for any other base URL
   */
  strictTools?: boolean;
  /**
   * How a request's `responseFormat` is asked for when its settings do not say
   * (`ModelSettings.structuredOutput` wins): `"native"` is `response_format: json_schema`, strict
   * when `strictTools` is on and the schema allows. Compatible servers that lack `json_schema`
   * take `"prompt"` (JSON mode, the schema in the system message) or `"tool"` (a forced tool).
   * @default "native", for any base URL
   */
  structuredOutput?: StructuredOutputMode;
}

/**
 * Makes models of one OpenAI (or OpenAI-compatible) account: `openai("gpt-4o-mini")` over Chat
 * Completions, `openai.responses("gpt-5-mini")` over the Responses API.
 */
export interface OpenAIProvider {
  (modelId: string, settings?: ModelSettings): LanguageModel;
  /**
   * A model over the Responses API (`POST {baseURL}/responses`): the same messages, tools,
   * streaming, errors and retries, stateless (`store: false`), with reasoning items carried
   * between turns.
   */
  responses(modelId: string, settings?: ModelSettings): LanguageModel;
}

const OFFICIAL_BASE_URL = "https://api.openai.com/v1";
const OFFICIAL_HOST = "api.openai.com";
const CHAT_PATH = "/chat/completions";
// The SDK refuses to build a client without a key; this one is never sent (see `connect`).
const UNSENT_KEY = "unsent-no-key-needed";

const OPENAI_OPTIONS: Readonly<Record<string, OptionCheck>> = {
  apiKey: (problems, name, value) => checkString(problems, name, value, true),
  baseURL: checkURL,
  organization: (problems, name, value) => checkString(problems, name, value, true),
  project: (problems, name, value) => checkString(problems, name, value, true),
  headers: checkHeaders,
  name: (problems, name, value) => checkString(problems, name, value),
  structuredOutput: checkStructuredOutput,
  strictTools: (problems, name, value) => {
    if (typeof value !== "boolean") problems.push(optionProblem(name, "true or false", value));
  },
  maxTokensParameter: (problems, name, value) => {
    if (value !== "max_completion_tokens" && value !== "max_tokens") {
      problems.push(optionProblem(name, '"max_completion_tokens" or "max_tokens"', value));
    }
  },
};

/**
 * True for the official OpenAI API (no base URL, or one on api.openai.com), which needs a key.
 * Any other server (Ollama, vLLM, LM Studio, a gateway) may do without one.
 */
function needsKey(baseURL: string | null): boolean {
  return baseURL === null || URL.parse(baseURL)?.hostname === OFFICIAL_HOST;
}

/**
 * Whether a provider's tools and schemas go strict: its `strictTools` option, else on for the
 * official API (the base URL, read per request as the connection is). The URL is parsed only
 * when it changes, not on every request.
 */
function strictToolsOf(options: OpenAIProviderOptions): () => boolean {
  let last: { baseURL: string | null; strict: boolean } | undefined;
  return () => {
    if (options.strictTools !== undefined) return options.strictTools;
    const baseURL = options.baseURL ?? readEnv("OPENAI_BASE_URL") ?? null;
    if (last === undefined || last.baseURL !== baseURL)
      last = { baseURL, strict: needsKey(baseURL) };
    return last.strict;
  };
}

/**
 * Creates an OpenAI provider over the official SDK's Chat Completions API. Its options are checked
 * here, and each model's settings when it is made: an `OptionsError` lists every problem.
 */
export function createOpenAI(options: OpenAIProviderOptions = {}): OpenAIProvider {
  checkProviderOptions("createOpenAI", options, OPENAI_OPTIONS);
  const provider = options.name ?? "openai";
  const timings = resolveRetryOptions(options.retry);
  const maxTokensParameter = options.maxTokensParameter ?? "max_completion_tokens";
  const structuredOutput = options.structuredOutput ?? "native";
  const strictTools = strictToolsOf(options);
  let cached:
    | { apiKey: string | undefined; baseURL: string | null; connection: Connection<OpenAI> }
    | undefined;

  const driver: ProviderDriver<OpenAI, ChatCompletionCreateParamsNonStreaming> = {
    provider,
    keySource: "the apiKey option or OPENAI_API_KEY",
    missingKeyHint:
      " A server at another baseURL / OPENAI_BASE_URL (Ollama, vLLM, LM Studio) needs none.",
    connect() {
      const given = options.apiKey ?? readEnv("OPENAI_API_KEY");
      const apiKey = given === "" ? undefined : given;
      const baseURL = options.baseURL ?? readEnv("OPENAI_BASE_URL") ?? null;
      if (cached !== undefined && cached.apiKey === apiKey && cached.baseURL === baseURL) {
        return cached.connection;
      }
      if (apiKey === undefined && needsKey(baseURL)) return undefined;
      const endpoint = endpointURL(baseURL ?? OFFICIAL_BASE_URL, CHAT_PATH);
      if (endpoint === undefined) {
        throw new OptionsError(`${provider} provider`, [
          optionProblem("OPENAI_BASE_URL", "an http:// or https:// URL", baseURL),
        ]);
      }
      // Without a key, no Authorization header is sent at all (unless `headers` sets one).
      const headers =
        apiKey === undefined ? { Authorization: null, ...options.headers } : options.headers;
      // Organization and project are read when the client is made, not on every request: they
      // change with the key if at all.
      const client = new OpenAI({
        apiKey: apiKey ?? UNSENT_KEY,
        baseURL,
        organization: options.organization ?? readEnv("OPENAI_ORG_ID") ?? null,
        project: options.project ?? readEnv("OPENAI_PROJECT_ID") ?? null,
        fetch: options.fetch ?? lateBoundFetch,
        ...(headers === undefined ? {} : { defaultHeaders: headers }),
        ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
        // Retries are ours (one policy for every provider), so the SDK never retries.
        maxRetries: 0,
      });
      const connection: Connection<OpenAI> =
        apiKey === undefined
          ? { client, secrets: [], endpoint, keyless: true }
          : { client, secrets: [apiKey], endpoint };
      cached = { apiKey, baseURL, connection };
      return connection;
    },
    body: (modelId, request, settings) =>
      toOpenAIBody(modelId, request, settings, {
        maxTokensParameter,
        structuredOutput,
        strictTools: strictTools(),
      }),
    async generate({ client, modelId, body, signal }) {
      // `_request_id` (set by the SDK on what it parsed) rather than withResponse(): one
      // Promise.all and header lookup fewer per call.
      const data = await client.chat.completions.create(body, { signal, maxRetries: 0 });
      const response = fromChatCompletion(data, data._request_id ?? undefined, modelId);
      return asksOutputTool(body) ? answerFromOutputTool(response) : response;
    },
    stream({ client, modelId, body, signal }) {
      const open = () =>
        client.chat.completions
          .create(
            { ...body, stream: true, stream_options: { include_usage: true } },
            { signal, maxRetries: 0 },
          )
          .withResponse();
      const parts = openaiStreamParts(open, modelId);
      // Tool mode only pays for the extra generator layer.
      return asksOutputTool(body) ? outputToolAsText(parts) : parts;
    },
    describeError: describeOpenAIError,
  };

  const config = { timings, streamIdleTimeoutMs: options.streamIdleTimeoutMs };
  const responses = responsesDriver(driver, {
    strictTools,
    structuredOutput,
  });
  return Object.assign(
    (modelId: string, settings: ModelSettings = {}) =>
      createModel(driver, modelId, settings, config),
    {
      responses: (modelId: string, settings: ModelSettings = {}) =>
        createModel(responses, modelId, settings, config),
    },
  );
}

/** The default OpenAI provider: key and base URL from the environment, read at request time. */
export const openai: OpenAIProvider = createOpenAI();
