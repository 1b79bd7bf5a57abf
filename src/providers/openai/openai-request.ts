import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions";
import { checkProviderSettings, type ProviderSettingSupport } from "../check-model-settings.ts";
import type { ModelRequest, ModelSettings, StructuredOutputMode } from "../language-model.ts";
import { toOpenAIMessages } from "./openai-messages.ts";
import { askResponseFormat } from "./openai-response-format.ts";
import { openAIToolChoice, openAITools } from "./openai-tools.ts";

// The body fields a prompt file's config may pass through (all the API takes but those built
// here from the request: model, messages, tools, stream); the SDK's type keeps the list honest.
const BODY_FIELDS = [
  ...["audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs"],
  ...["max_completion_tokens", "max_tokens", "metadata", "modalities", "moderation", "n"],
  ...["parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key"],
  ...["prompt_cache_options", "prompt_cache_retention", "reasoning_effort", "response_format"],
  ...["safety_identifier", "seed", "service_tier", "stop", "store", "temperature"],
  ...["tool_choice", "top_logprobs", "top_p", "user", "verbosity", "web_search_options"],
] as const satisfies readonly (keyof ChatCompletionCreateParamsBase)[];

/** What the Chat Completions API can send, for `checkProviderSettings`. */
export const OPENAI_SETTINGS: ProviderSettingSupport = {
  api: "the Chat Completions API",
  unsupported: {
    topK: {
      field: "top_k",
      instead: "A compatible server that takes one gets it through providerOptions: { top_k: 40 }.",
    },
    thinking: {
      field: "thinking budget",
      instead: 'Reasoning models take reasoningEffort ("low", "medium", "high"…) instead.',
    },
  },
  bodyFields: new Set(BODY_FIELDS),
};

/** Which body field carries `maxOutputTokens`. */
export type MaxTokensParameter = "max_completion_tokens" | "max_tokens";

/**
 * The Chat Completions body of a request (without `stream`), `providerOptions` merged last.
 * `topK` and `thinking` have no field here: refused, or left out when `dropUnsupported` lists
 * them; `cacheControl` needs none (prompt caching is automatic). A
 * `responseFormat` is asked for in the request's structured-output mode (askResponseFormat).
 */
export function toOpenAIBody(
  modelId: string,
  request: ModelRequest,
  asked: ModelSettings,
  wire: {
    maxTokensParameter: MaxTokensParameter;
    strictTools: boolean;
    /** The mode of a `responseFormat` when the settings name none. */
    structuredOutput: StructuredOutputMode;
  },
): ChatCompletionCreateParamsNonStreaming {
  const { maxTokensParameter, strictTools } = wire;
  const settings = checkProviderSettings(asked, OPENAI_SETTINGS);
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: modelId,
    messages: toOpenAIMessages(request.messages),
  };
  const offered = openAITools(request.tools, strictTools);
  if (offered.length > 0) {
    body.tools = offered;
    // Both fields are rejected by the API when no tools are sent.
    if (settings.toolChoice !== undefined) body.tool_choice = openAIToolChoice(settings.toolChoice);
    if (settings.parallelToolCalls !== undefined) {
      body.parallel_tool_calls = settings.parallelToolCalls;
    }
  }
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.maxOutputTokens !== undefined) {
    body[maxTokensParameter] = settings.maxOutputTokens;
  }
  if (settings.stopSequences !== undefined) body.stop = [...settings.stopSequences];
  if (settings.seed !== undefined) body.seed = settings.seed;
  if (settings.presencePenalty !== undefined) body.presence_penalty = settings.presencePenalty;
  if (settings.frequencyPenalty !== undefined) body.frequency_penalty = settings.frequencyPenalty;
  if (settings.reasoningEffort !== undefined) body.reasoning_effort = settings.reasoningEffort;
  // cacheControl asks for nothing here: the API caches long prompt prefixes by itself.
  askResponseFormat(body, request, settings, {
    structuredOutput: wire.structuredOutput,
    strictSchemas: strictTools,
  });
  return settings.providerOptions === undefined ? body : { ...body, ...settings.providerOptions };
}
