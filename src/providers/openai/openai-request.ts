import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { toOpenAIStrictSchema, toToolInputSchema } from "../../schema/provider-schemas.ts";
import { checkProviderSettings, type ProviderSettingSupport } from "../check-model-settings.ts";
import type { ModelRequest, ModelSettings, ToolChoice, ToolSpec } from "../language-model.ts";
import { toOpenAIMessages } from "./openai-messages.ts";

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
  },
  bodyFields: new Set(BODY_FIELDS),
};

/** Which body field carries `maxOutputTokens`. */
export type MaxTokensParameter = "max_completion_tokens" | "max_tokens";

function toolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === "string"
    ? choice
    : { type: "function", function: { name: choice.name } };
}

// An agent sends the same tool list on every call: convert it once per list, not per request.
const convertedStrict = new WeakMap<readonly ToolSpec[], ChatCompletionTool[]>();
const convertedLoose = new WeakMap<readonly ToolSpec[], ChatCompletionTool[]>();

function tools(request: ModelRequest, strictTools: boolean): ChatCompletionTool[] {
  const specs = request.tools ?? [];
  const converted = strictTools ? convertedStrict : convertedLoose;
  let wire = converted.get(specs);
  if (wire === undefined) {
    wire = specs.map((tool): ChatCompletionTool => {
      // Strict when asked and the schema can say the same thing strictly, else sent as it is
      // (see toOpenAIStrictSchema). The SDK only serialises the body, so schemas are shared.
      const strict = strictTools ? toOpenAIStrictSchema(tool.parameters) : undefined;
      const parameters = strict ?? toToolInputSchema(tool.parameters);
      const fn = {
        name: tool.name,
        description: tool.description,
        parameters: parameters as unknown as Record<string, unknown>,
      };
      return { type: "function", function: strict === undefined ? fn : { ...fn, strict: true } };
    });
    converted.set(specs, wire);
  }
  return wire;
}

/**
 * The Chat Completions body of a request (without `stream`), `providerOptions` merged last.
 * `topK` has no field here: refused, or left out when `dropUnsupported` lists it.
 */
export function toOpenAIBody(
  modelId: string,
  request: ModelRequest,
  asked: ModelSettings,
  wire: { maxTokensParameter: MaxTokensParameter; strictTools: boolean },
): ChatCompletionCreateParamsNonStreaming {
  const { maxTokensParameter, strictTools } = wire;
  const settings = checkProviderSettings(asked, OPENAI_SETTINGS);
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: modelId,
    messages: toOpenAIMessages(request.messages),
  };
  const offered = tools(request, strictTools);
  if (offered.length > 0) {
    body.tools = offered;
    // Both fields are rejected by the API when no tools are sent.
    if (settings.toolChoice !== undefined) body.tool_choice = toolChoice(settings.toolChoice);
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
  return settings.providerOptions === undefined ? body : { ...body, ...settings.providerOptions };
}
