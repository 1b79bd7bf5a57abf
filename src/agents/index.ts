export { AliceAgent, type AliceAgentOptions } from "./alice-agent.ts";
export { CheckTask, type CheckTaskOptions } from "./check-task.ts";
export { type Decision, findDecision } from "./find-decision.ts";
export { AgentExitCode, PROMPT_AGENT_ROUTING } from "./prompt-agent-routing.ts";
export {
  PromptAgentTask,
  type PromptAgentTaskOptions,
  type PromptAgentTemplates,
} from "./prompt-agent-task.ts";
