import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import type { ModelRequest, ModelSettings, ToolChoice } from "../model-provider.ts";
import { toOpenAIMessages } from "./openai-messages.ts";

/** Which body field carries `maxOutputTokens`. */
export type MaxTokensParameter = "max_completion_tokens" | "max_tokens";

function toolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === "string"
    ? choice
    : { type: "function", function: { name: choice.name } };
}

function tools(request: ModelRequest): ChatCompletionTool[] {
  return (request.tools ?? []).map((tool) => ({
    type: "function",
    function: {
      name: tool.name,
      description: tool.description,
      parameters: structuredClone({ ...tool.parameters }),
    },
  }));
}

/** The Chat Completions body of a request (without `stream`), `providerOptions` merged last. */
export function toOpenAIBody(
  modelId: string,
  request: ModelRequest,
  settings: ModelSettings,
  maxTokensParameter: MaxTokensParameter,
): ChatCompletionCreateParamsNonStreaming {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: modelId,
    messages: toOpenAIMessages(request.messages),
  };
  const offered = tools(request);
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
  return { ...body, ...settings.providerOptions };
}
