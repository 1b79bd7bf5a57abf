import type {
  FunctionTool,
  ResponseCreateParamsBase,
  ResponseCreateParamsNonStreaming,
  ResponseFormatTextConfig,
  ResponseIncludable,
  ResponseInputItem,
  ToolChoiceFunction,
  ToolChoiceOptions,
} from "openai/resources/responses/responses";
import { toOpenAIStrictSchema, toToolInputSchema } from "../../schema/provider-schemas.ts";
import { checkProviderSettings, type ProviderSettingSupport } from "../check-model-settings.ts";
import type {
  ModelRequest,
  ModelSettings,
  ResponseFormat,
  ToolChoice,
  ToolSpec,
} from "../language-model.ts";
import { DriverFailure } from "../provider-failure.ts";
import { toResponsesConversation } from "./responses-messages.ts";

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

/** The default name of a structured answer's schema (`text.format.name`). */
const DEFAULT_FORMAT_NAME = "answer";
const ENCRYPTED_REASONING: ResponseIncludable = "reasoning.encrypted_content";

function toolChoice(choice: ToolChoice): ToolChoiceOptions | ToolChoiceFunction {
  return typeof choice === "string" ? choice : { type: "function", name: choice.name };
}

// An agent sends the same tool list on every call: convert it once per list, not per request.
const convertedStrict = new WeakMap<readonly ToolSpec[], FunctionTool[]>();
const convertedLoose = new WeakMap<readonly ToolSpec[], FunctionTool[]>();

function tools(request: ModelRequest, strictTools: boolean): FunctionTool[] {
  const specs = request.tools ?? [];
  const converted = strictTools ? convertedStrict : convertedLoose;
  let wire = converted.get(specs);
  if (wire === undefined) {
    wire = specs.map((tool): FunctionTool => {
      // Strict when asked and the schema can say the same thing strictly, else sent as it is
      // (see toOpenAIStrictSchema), as for Chat Completions.
      const strict = strictTools ? toOpenAIStrictSchema(tool.parameters) : undefined;
      const parameters = strict ?? toToolInputSchema(tool.parameters);
      return {
        type: "function",
        name: tool.name,
        description: tool.description,
        parameters: parameters as unknown as Record<string, unknown>,
        strict: strict !== undefined,
      };
    });
    converted.set(specs, wire);
  }
  return wire;
}

/**
 * `text.format` for a structured answer: a JSON Schema (strict when the schema can say the same
 * thing strictly, as tool schemas are; else sent as it is with `strict: false`), or JSON mode
 * without one.
 */
function textFormat(format: ResponseFormat): ResponseFormatTextConfig {
  if (format.schema === undefined) return { type: "json_object" };
  const strict = toOpenAIStrictSchema(format.schema);
  const schema = (strict ?? format.schema) as unknown as Record<string, unknown>;
  return {
    type: "json_schema",
    name: format.name ?? DEFAULT_FORMAT_NAME,
    schema,
    strict: strict !== undefined,
    ...(format.description === undefined ? {} : { description: format.description }),
  };
}

function checkStructuredOutput(request: ModelRequest, settings: ModelSettings): void {
  const mode = settings.structuredOutput;
  if (request.responseFormat === undefined || mode === undefined || mode === "native") return;
  throw new DriverFailure({
    kind: "refused",
    message: `structuredOutput "${mode}" is not supported by ${API} models (openai.responses(...)), which ask for structured output natively (text.format json_schema). Leave structuredOutput unset or "native", or use the Chat Completions model openai(...) for "${mode}".`,
  });
}

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
 * `dropUnsupported` lists them; `cacheControl` needs none (prompt caching is automatic).
 */
export function toResponsesBody(
  modelId: string,
  request: ModelRequest,
  asked: ModelSettings,
  wire: { strictTools: boolean },
): ResponseCreateParamsNonStreaming {
  const settings = checkProviderSettings(asked, RESPONSES_SETTINGS);
  checkStructuredOutput(request, settings);
  const options = settings.providerOptions;
  const conversation = toResponsesConversation(request.messages);
  const { input, reasoned } = sendableInput(conversation.input, options?.store === true);
  const body: ResponseCreateParamsNonStreaming = { model: modelId, input, store: false };
  if (conversation.instructions !== undefined) body.instructions = conversation.instructions;
  const offered = tools(request, wire.strictTools);
  if (offered.length > 0) {
    body.tools = offered;
    if (settings.toolChoice !== undefined) body.tool_choice = toolChoice(settings.toolChoice);
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
  if (request.responseFormat !== undefined) {
    body.text = { format: textFormat(request.responseFormat) };
  }
  return options === undefined ? body : { ...body, ...options };
}
