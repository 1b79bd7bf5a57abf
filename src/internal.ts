/**
 * `alice-agents/internal`: the building blocks the framework uses itself, for tools and
 * adapters built next to it (schema converters, usage sums, the routing defaults, the graph).
 * No compatibility promise: these may change in any release. Code that only uses tasks,
 * agents, prompts and providers never needs this entry.
 */
export { type Decision, findDecision } from "./agents/find-decision.ts";
export { PROMPT_AGENT_ROUTING } from "./agents/prompt-agent-routing.ts";
export { graphToMermaid, taskGraph } from "./engine/task-graph.ts";
export { addUsage, addUsageMetrics, emptyUsageMetrics } from "./messages/usage.ts";
export {
  type PicoschemaOptions,
  picoschemaToJsonSchema,
} from "./prompts/picoschema.ts";
export { defaultPromptEnvironment } from "./prompts/prompt-environment.ts";
export { checkModelSettings } from "./providers/check-model-settings.ts";
export { DEFAULT_RETRY } from "./providers/retry-policy.ts";
export { functionParametersToZod } from "./schema/definition-to-zod.ts";
export {
  isZodSchema,
  toFunctionParameters,
  zodToFunctionParameters,
} from "./schema/function-parameters.ts";
export { parseModelSpec } from "./task-files/resolve-model.ts";
