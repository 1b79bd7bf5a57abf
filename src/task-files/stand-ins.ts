import { AliceAgent } from "../agents/alice-agent.ts";
import { AliceTask, type NodeResult } from "../engine/index.ts";
import { toolName } from "../engine/task-as-tool.ts";
import { Prompt } from "../prompts/prompt.ts";
import type { LanguageModel } from "../providers/language-model.ts";
import { defineTool, type Tool } from "../tools/define-tool.ts";

// Stand-ins take the place of a part that could not be resolved (a missing sub-task file, an
// unknown tool or provider, a missing template) so the task can still be built and its routing
// checked: its problems are then reported together with the part's own. A task built with a
// stand-in is never returned; loading fails with every problem.

const REFUSAL = "a stand-in for a part of a task file that could not be loaded";

/** Stands in for a sub-task that could not be loaded. */
export function standInTask(key: string): AliceTask {
  return new StandInTask(key);
}

/** Stands in for a tool that was not given to loadTask. */
export function standInTool(name: string): Tool<unknown> {
  return defineTool({
    name: toolName(name),
    description: REFUSAL,
    input: { type: "object", properties: {} },
    execute: () => {
      throw new Error(REFUSAL);
    },
  });
}

/** Stands in for a template that could not be loaded (or is missing). */
export function standInPrompt(name: string): Prompt {
  return new Prompt({ name, content: "" });
}

/** Stands in for an agent whose model (or block) could not be resolved. */
export function standInAgent(name: string): AliceAgent {
  return new AliceAgent({ name, model: STAND_IN_MODEL });
}

const STAND_IN_MODEL: LanguageModel = {
  provider: "stand-in",
  modelId: "stand-in",
  settings: {},
  generate: () => Promise.reject(new Error(REFUSAL)),
  // biome-ignore lint/correctness/useYield: a stand-in never yields; it refuses at once.
  stream: async function* () {
    throw new Error(REFUSAL);
  },
};

class StandInTask extends AliceTask {
  constructor(taskName: string) {
    super({ taskName, nodeEndCodeRouting: { stand_in: { 0: [null, false] } } });
  }

  execute_stand_in(): NodeResult {
    throw new Error(REFUSAL);
  }
}
