import type {
  ToolChoice as AnthropicToolChoice,
  Tool,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { toToolInputSchema } from "../../schema/provider-schemas.ts";
import type { ToolChoice, ToolSpec } from "../language-model.ts";

/**
 * A tool choice as the Messages API writes it, with `disable_parallel_tool_use` when parallel
 * calls are turned off; undefined when neither says anything (the API's default, `auto`).
 */
export function anthropicToolChoice(
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

/** One tool as the Messages API takes it. */
export function anthropicTool(tool: ToolSpec): Tool {
  return {
    name: tool.name,
    description: tool.description,
    // No anyOf/oneOf/allOf at the top (see toToolInputSchema). The SDK only serialises the
    // body, so the schema object is shared, not copied.
    input_schema: toToolInputSchema(tool.parameters) as unknown as Tool.InputSchema,
  };
}

// An agent sends the same tool list on every call: convert it once per list, not per request.
const converted = new WeakMap<readonly ToolSpec[], Tool[]>();

/** A request's tools as Messages API tools (the same array for the same list). */
export function anthropicTools(specs: readonly ToolSpec[] | undefined): Tool[] {
  if (specs === undefined) return [];
  let wire = converted.get(specs);
  if (wire === undefined) {
    wire = specs.map(anthropicTool);
    converted.set(specs, wire);
  }
  return wire;
}
