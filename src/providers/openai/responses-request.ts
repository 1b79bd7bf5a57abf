import type {
  ResponseCreateParamsBase,
  ResponseCreateParamsNonStreaming,
  ResponseIncludable,
  ResponseInputItem,
} from "openai/resources/responses/responses";
import { checkProviderSettings, type ProviderSettingSupport } from "../check-model-settings.ts";
import type { ModelRequest, ModelSettings, StructuredOutputMode } from "../language-model.ts";
import { askResponsesFormat } from "./responses-format.ts";
import { toResponsesConversation } from "./responses-messages.ts";
import { responsesToolChoice, responsesTools } from "./responses-tools.ts";

const API = "the Responses API";

// The body fields a prompt file's config may pass through (all the API takes but those built
// here from the request: model, input, instructions, tools, stream); the SDK's type keeps the
// list honest.
const BODY_FIELDS = [
  ...["access_programs", "background", "context_management", "conversation", "image"],
  ...["include", "max_output_tokens", "max_tool_calls", "metadata", "moderation"],
  ...["parallel_tool_calls", "previous_response_id", "prompt", "prompt_cache_key"],
  ...["prompt_cache_options", "prompt_cache_retention", "reasoning", "safety_identifier"],
  ...["service_tier", "store", "temperature", "text", "tool_choice", "top_logprobs", "top_p"],
  ...["truncation", "user"],
] as const satisfies readonly (keyof ResponseCreateParamsBase)[];

/** What the Responses API can send, for `checkProviderSettings`. */
export const RESPONSES_SETTINGS: ProviderSettingSupport = {
  api: API,
  unsupported: {
    topK: { field: "top_k" },
    stopSequences: {
      field: "stop sequences",
      instead: "The Chat Completions model (openai(...)) sends them as stop.",
    },
    seed: { field: "seed" },
    presencePenalty: { field: "presence_penalty" },
    frequencyPenalty: { field: "frequency_penalty" },
    thinking: {
      field: "thinking budget",
      instead:
        'Reasoning models take reasoningEffort ("low", "medium", "high"…), sent as reasoning.effort.',
    },
  },
  bodyFields: new Set(BODY_FIELDS),
};

const ENCRYPTED_REASONING: ResponseIncludable = "reasoning.encrypted_content";

/**
 * The input items to send: a reasoning item without its `encrypted_content` refers to a stored
 * response, so with `store: false` it is left out (the API answers 404 "Item not found").
 * Also tells whether any reasoning item is in the conversation (the model reasons).
 */
function sendableInput(
  input: ResponseInputItem[],
  store: boolean,
): { input: ResponseInputItem[]; reasoned: boolean } {
  let reasoned = false;
  let unsendable = false;
  for (const item of input) {
    if (item.type !== "reasoning") continue;
    reasoned = true;
    if (item.encrypted_content == null) unsendable = true;
  }
  if (store || !unsendable) return { input, reasoned };
  const kept = input.filter((item) => item.type !== "reasoning" || item.encrypted_content != null);
  return { input: kept, reasoned };
}

/**
 * The Responses body of a request (without `stream`), `providerOptions` merged last. Stateless:
 * `store: false`, and encrypted reasoning asked for (`include`) when the model reasons, so
 * reasoning items can be sent back on the next request. Settings the API has no field for
 * (`topK`, `stopSequences`, `seed`, the penalties, `thinking`) are refused, or left out when
 * `dropUnsupported` lists them; `cacheControl` needs none (prompt caching is automatic). A
 * `responseFormat` is asked for in the request's structured-output mode (askResponsesFormat).
 */
export function toResponsesBody(
  modelId: string,
  request: ModelRequest,
  asked: ModelSettings,
  wire: {
    strictTools: boolean;
    /** The mode of a `responseFormat` when the settings name none. */
    structuredOutput: StructuredOutputMode;
  },
): ResponseCreateParamsNonStreaming {
  const settings = checkProviderSettings(asked, RESPONSES_SETTINGS);
  const options = settings.providerOptions;
  const conversation = toResponsesConversation(request.messages);
  const { input, reasoned } = sendableInput(conversation.input, options?.store === true);
  const body: ResponseCreateParamsNonStreaming = { model: modelId, input, store: false };
  if (conversation.instructions !== undefined) body.instructions = conversation.instructions;
  const offered = responsesTools(request.tools, wire.strictTools);
  if (offered.length > 0) {
    body.tools = offered;
    if (settings.toolChoice !== undefined)
      body.tool_choice = responsesToolChoice(settings.toolChoice);
    if (settings.parallelToolCalls !== undefined) {
      body.parallel_tool_calls = settings.parallelToolCalls;
    }
  }
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.maxOutputTokens !== undefined) body.max_output_tokens = settings.maxOutputTokens;
  if (settings.reasoningEffort !== undefined) {
    body.reasoning = { effort: settings.reasoningEffort };
  }
  // Only a reasoning model takes `include: ["reasoning.encrypted_content"]` (others answer 400
  // "Encrypted content is not supported with this model"): asked when reasoning is configured
  // or the conversation already holds reasoning items.
  if (reasoned || body.reasoning !== undefined || options?.reasoning !== undefined) {
    body.include = [ENCRYPTED_REASONING];
  }
  askResponsesFormat(body, request, settings, {
    structuredOutput: wire.structuredOutput,
    strictSchemas: wire.strictTools,
  });
  return options === undefined ? body : { ...body, ...options };
}
