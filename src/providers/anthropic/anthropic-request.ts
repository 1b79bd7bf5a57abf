import type {
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { checkProviderSettings, type ProviderSettingSupport } from "../check-model-settings.ts";
import type { ModelRequest, ModelSettings, StructuredOutputMode } from "../language-model.ts";
import { cacheMarker, withCacheBreakpoints } from "./anthropic-cache-control.ts";
import { toAnthropicMessages } from "./anthropic-messages.ts";
import { thinkingConfig } from "./anthropic-reasoning.ts";
import { askAnthropicResponseFormat } from "./anthropic-response-format.ts";
import { anthropicToolChoice, anthropicTools } from "./anthropic-tools.ts";

// The body fields a prompt file's config may pass through (all the API takes but those built
// here from the request: model, messages, system, tools, stream); the SDK's type keeps the list
// honest, and the sampling fields it no longer lists are added.
const BODY_FIELDS = [
  ...["cache_control", "container", "diagnostics", "inference_geo", "max_tokens", "metadata"],
  ...["output_config", "service_tier", "speed", "stop_sequences", "thinking", "tool_choice"],
  ...["user_profile_id", "workspace_id"],
] as const satisfies readonly (keyof MessageCreateParamsBase)[];

/** What the Messages API can send, for `checkProviderSettings`. */
export const ANTHROPIC_SETTINGS: ProviderSettingSupport = {
  api: "the Messages API",
  unsupported: {
    seed: { field: "seed" },
    presencePenalty: { field: "presence penalty" },
    frequencyPenalty: { field: "frequency penalty" },
    reasoningEffort: {
      field:
        'effort "none" or "minimal" (output_config.effort is "low", "medium", "high" or "xhigh")',
      when: ({ reasoningEffort }) => reasoningEffort === "none" || reasoningEffort === "minimal",
    },
    // Extended thinking takes no other sampling (Anthropic's extended-thinking guide).
    temperature: {
      field: "temperature other than 1 with extended thinking",
      when: ({ thinking, temperature }) => thinking !== undefined && temperature !== 1,
    },
    topP: {
      field: "top_p below 0.95 with extended thinking",
      when: ({ thinking, topP = 1 }) => thinking !== undefined && topP < 0.95,
    },
    topK: {
      field: "top_k with extended thinking",
      when: ({ thinking }) => thinking !== undefined,
    },
  },
  bodyFields: new Set([...BODY_FIELDS, "temperature", "top_p", "top_k"]),
};

/**
 * The Messages API body of a request (without `stream`), `providerOptions` merged last. `seed`
 * and the penalties have no field here, nor sampling other than the default beside extended
 * thinking: refused, or left out when `dropUnsupported` lists them. `thinking` turns on extended
 * thinking, `reasoningEffort` is `output_config.effort`, and `cacheControl` marks the prompt's
 * stable prefix for the prompt cache. A `responseFormat` is asked for in the request's
 * structured-output mode (askAnthropicResponseFormat).
 */
export function toAnthropicBody(
  modelId: string,
  request: ModelRequest,
  asked: ModelSettings,
  defaultMaxTokens: number,
  /** The mode of a `responseFormat` when the settings name none. */
  structuredOutput: StructuredOutputMode,
): MessageCreateParamsNonStreaming {
  const settings = checkProviderSettings(asked, ANTHROPIC_SETTINGS);
  const { system, messages } = toAnthropicMessages(request.messages);
  const body: MessageCreateParamsNonStreaming = {
    model: modelId,
    max_tokens: settings.maxOutputTokens ?? defaultMaxTokens,
    messages,
  };
  if (system !== undefined) body.system = system;
  const offered = anthropicTools(request.tools);
  if (offered.length > 0) {
    body.tools = offered;
    const choice = anthropicToolChoice(settings.toolChoice, settings.parallelToolCalls);
    if (choice !== undefined) body.tool_choice = choice;
  }
  if (settings.stopSequences !== undefined) body.stop_sequences = [...settings.stopSequences];
  const { thinking, reasoningEffort: effort } = settings;
  if (thinking !== undefined) {
    body.thinking = thinkingConfig(
      thinking.budgetTokens,
      body,
      settings.maxOutputTokens !== undefined,
    );
  }
  if (effort !== undefined && effort !== "none" && effort !== "minimal") {
    body.output_config = { ...body.output_config, effort };
  }
  askAnthropicResponseFormat(body, request, settings, structuredOutput);
  // Sampling fields the SDK's types no longer list; the API takes them for the models that do.
  const sampling: Record<string, number> = {};
  if (settings.temperature !== undefined) sampling.temperature = settings.temperature;
  if (settings.topP !== undefined) sampling.top_p = settings.topP;
  if (settings.topK !== undefined) sampling.top_k = settings.topK;
  const marker = cacheMarker(settings.cacheControl);
  const marked = marker === undefined ? body : withCacheBreakpoints(body, marker);
  return { ...marked, ...sampling, ...settings.providerOptions };
}
