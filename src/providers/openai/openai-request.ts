import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { toOpenAIStrictSchema, toToolInputSchema } from "../../schema/provider-schemas.ts";
import type { ModelRequest, ModelSettings, ToolChoice, ToolSpec } from "../language-model.ts";
import { toOpenAIMessages } from "./openai-messages.ts";

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

/** The Chat Completions body of a request (without `stream`), `providerOptions` merged last. */
export function toOpenAIBody(
  modelId: string,
  request: ModelRequest,
  settings: ModelSettings,
  wire: { maxTokensParameter: MaxTokensParameter; strictTools: boolean },
): ChatCompletionCreateParamsNonStreaming {
  const { maxTokensParameter, strictTools } = wire;
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
  return settings.providerOptions === undefined ? body : { ...body, ...settings.providerOptions };
}
