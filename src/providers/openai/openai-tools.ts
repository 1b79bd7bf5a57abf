import type {
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { toOpenAIStrictSchema, toToolInputSchema } from "../../schema/provider-schemas.ts";
import type { ToolChoice, ToolSpec } from "../language-model.ts";

/** A tool choice as Chat Completions writes it. */
export function openAIToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === "string"
    ? choice
    : { type: "function", function: { name: choice.name } };
}

// Tools are converted once per tool object and per strictness, not per request.
const convertedStrict = new WeakMap<ToolSpec, ChatCompletionTool>();
const convertedLoose = new WeakMap<ToolSpec, ChatCompletionTool>();

/**
 * One tool as a Chat Completions function: strict when asked and the schema can say the same
 * thing strictly, else sent as it is (see toOpenAIStrictSchema). The SDK only serialises the
 * body, so schemas are shared, not copied.
 */
export function openAITool(tool: ToolSpec, strictTools: boolean): ChatCompletionTool {
  const converted = strictTools ? convertedStrict : convertedLoose;
  let wire = converted.get(tool);
  if (wire === undefined) {
    const strict = strictTools ? toOpenAIStrictSchema(tool.parameters) : undefined;
    const parameters = strict ?? toToolInputSchema(tool.parameters);
    const fn = {
      name: tool.name,
      description: tool.description,
      parameters: parameters as unknown as Record<string, unknown>,
    };
    wire = { type: "function", function: strict === undefined ? fn : { ...fn, strict: true } };
    converted.set(tool, wire);
  }
  return wire;
}

// An agent sends the same tool list on every call: convert it once per list, not per request.
const listsStrict = new WeakMap<readonly ToolSpec[], ChatCompletionTool[]>();
const listsLoose = new WeakMap<readonly ToolSpec[], ChatCompletionTool[]>();

/** A request's tools as Chat Completions functions (the same array for the same list). */
export function openAITools(
  specs: readonly ToolSpec[] | undefined,
  strictTools: boolean,
): ChatCompletionTool[] {
  if (specs === undefined) return [];
  const lists = strictTools ? listsStrict : listsLoose;
  let wire = lists.get(specs);
  if (wire === undefined) {
    wire = specs.map((tool) => openAITool(tool, strictTools));
    lists.set(specs, wire);
  }
  return wire;
}
