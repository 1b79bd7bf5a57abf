import type { TasksEndCodeRouting } from "../engine/index.ts";

/** Exit codes of `llm_generation` and `tool_call_execution`. */
export const AgentExitCode = { SUCCESS: 0, FAILURE: 1, TOOL_CALLS: 2 } as const;

/** The default routing: tool results go back to the model until it answers. */
export const PROMPT_AGENT_ROUTING: TasksEndCodeRouting = {
  llm_generation: {
    0: [null, false],
    1: ["llm_generation", true],
    2: ["tool_call_execution", false],
  },
  tool_call_execution: { 0: ["llm_generation", false], 1: ["tool_call_execution", true] },
};
