import type {
  FunctionTool,
  ToolChoiceFunction,
  ToolChoiceOptions,
} from "openai/resources/responses/responses";
import type { ToolChoice, ToolSpec } from "../language-model.ts";
import { openAITool } from "./openai-tools.ts";

/** A tool choice as the Responses API writes it (`{ type: "function", name }`). */
export function responsesToolChoice(choice: ToolChoice): ToolChoiceOptions | ToolChoiceFunction {
  return typeof choice === "string" ? choice : { type: "function", name: choice.name };
}

// Converted once per tool object and per strictness, not per request.
const convertedStrict = new WeakMap<ToolSpec, FunctionTool>();
const convertedLoose = new WeakMap<ToolSpec, FunctionTool>();

/**
 * One tool as a Responses function tool, flat (`{ type, name, description, parameters, strict }`),
 * strict exactly when the Chat Completions tool is (see openAITool). `strict` is always sent:
 * left out, the Responses API tries strict validation when the schema is compatible (openai
 * 7.57's responses.d.ts), which would make tools strict where `strictTools` says not to.
 */
export function responsesTool(tool: ToolSpec, strictTools: boolean): FunctionTool {
  const converted = strictTools ? convertedStrict : convertedLoose;
  let wire = converted.get(tool);
  if (wire === undefined) {
    const chat = openAITool(tool, strictTools);
    if (chat.type !== "function") throw new TypeError(`Unexpected tool type ${chat.type}`);
    const { name, description, parameters, strict } = chat.function;
    wire = {
      type: "function",
      name,
      description: description ?? null,
      parameters: parameters ?? null,
      strict: strict === true,
    };
    converted.set(tool, wire);
  }
  return wire;
}

// An agent sends the same tool list on every call: convert it once per list, not per request.
const listsStrict = new WeakMap<readonly ToolSpec[], FunctionTool[]>();
const listsLoose = new WeakMap<readonly ToolSpec[], FunctionTool[]>();

/** A request's tools as Responses function tools (the same array for the same list). */
export function responsesTools(
  specs: readonly ToolSpec[] | undefined,
  strictTools: boolean,
): FunctionTool[] {
  if (specs === undefined) return [];
  const lists = strictTools ? listsStrict : listsLoose;
  let wire = lists.get(specs);
  if (wire === undefined) {
    wire = specs.map((tool) => responsesTool(tool, strictTools));
    lists.set(specs, wire);
  }
  return wire;
}
