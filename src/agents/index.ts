export type { OutputSchema } from "./agent-output.ts";
export { AliceAgent, type AliceAgentOptions } from "./alice-agent.ts";
export { CheckTask, type CheckTaskOptions } from "./check-task.ts";
export { AgentExitCode } from "./prompt-agent-routing.ts";
export {
  PromptAgentTask,
  type PromptAgentTaskOptions,
  type PromptAgentTemplates,
} from "./prompt-agent-task.ts";
