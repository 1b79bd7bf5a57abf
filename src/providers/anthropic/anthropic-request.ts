import type {
  ToolChoice as AnthropicToolChoice,
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  Tool,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { toToolInputSchema } from "../../schema/provider-schemas.ts";
import { checkProviderSettings, type ProviderSettingSupport } from "../check-model-settings.ts";
import type { ModelRequest, ModelSettings, ToolChoice, ToolSpec } from "../language-model.ts";
import { toAnthropicMessages } from "./anthropic-messages.ts";

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
  },
  bodyFields: new Set([...BODY_FIELDS, "temperature", "top_p", "top_k"]),
};

function toolChoice(
  choice: ToolChoice | undefined,
  parallel: boolean | undefined,
): AnthropicToolChoice | undefined {
  const noParallel = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any", ...noParallel };
  if (typeof choice === "object") return { type: "tool", name: choice.name, ...noParallel };
  if (choice === "auto" || parallel === false) return { type: "auto", ...noParallel };
  return undefined;
}

// An agent sends the same tool list on every call: convert it once per list, not per request.
const converted = new WeakMap<readonly ToolSpec[], Tool[]>();

function tools(request: ModelRequest): Tool[] {
  const specs = request.tools ?? [];
  let wire = converted.get(specs);
  if (wire === undefined) {
    wire = specs.map((tool) => ({
      name: tool.name,
      description: tool.description,
      // No anyOf/oneOf/allOf at the top (see toToolInputSchema). The SDK only serialises the
      // body, so the schema object is shared, not copied.
      input_schema: toToolInputSchema(tool.parameters) as unknown as Tool.InputSchema,
    }));
    converted.set(specs, wire);
  }
  return wire;
}

/**
 * The Messages API body of a request (without `stream`), `providerOptions` merged last. `seed`
 * and the penalties have no field here: refused, or left out when `dropUnsupported` lists them.
 */
export function toAnthropicBody(
  modelId: string,
  request: ModelRequest,
  asked: ModelSettings,
  defaultMaxTokens: number,
): MessageCreateParamsNonStreaming {
  const settings = checkProviderSettings(asked, ANTHROPIC_SETTINGS);
  const { system, messages } = toAnthropicMessages(request.messages);
  const body: MessageCreateParamsNonStreaming = {
    model: modelId,
    max_tokens: settings.maxOutputTokens ?? defaultMaxTokens,
    messages,
  };
  if (system !== undefined) body.system = system;
  const offered = tools(request);
  if (offered.length > 0) {
    body.tools = offered;
    const choice = toolChoice(settings.toolChoice, settings.parallelToolCalls);
    if (choice !== undefined) body.tool_choice = choice;
  }
  if (settings.stopSequences !== undefined) body.stop_sequences = [...settings.stopSequences];
  // Sampling fields the SDK's types no longer list; the API takes them for the models that do.
  const sampling: Record<string, number> = {};
  if (settings.temperature !== undefined) sampling.temperature = settings.temperature;
  if (settings.topP !== undefined) sampling.top_p = settings.topP;
  if (settings.topK !== undefined) sampling.top_k = settings.topK;
  return { ...body, ...sampling, ...settings.providerOptions };
}
