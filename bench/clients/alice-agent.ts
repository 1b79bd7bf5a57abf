/**
 * The alice-agents client over a given copy of the library (its TypeScript sources, or a build):
 * a `PromptAgentTask` with the `add` tool over `createOpenAI` (Chat Completions). Streaming sets
 * `stream: true` on the agent and reads the run's `text-delta` events from `task.stream()`.
 */
import type * as Alice from "alice-agents";
import type * as AliceOpenAI from "alice-agents/openai";
import type { z } from "../../node_modules/zod/index.cjs";
import {
  INSTRUCTIONS,
  maxTurns,
  modelFor,
  QUESTION,
  TOOL_DESCRIPTION,
  TOOL_NAME,
} from "../scenario.ts";
import type { AgentClient, ClientOptions } from "./client.ts";

/**
 * The arguments of `add`, typed by the zod declarations alice-agents' sources resolve (the
 * package's `types` entry, index.d.cts). Entry files cast their schema to it: TypeScript cannot
 * unify two declaration files of the same zod version.
 */
export type AddSchema = z.ZodObject<{ a: z.ZodNumber; b: z.ZodNumber }>;

/** The library, its OpenAI provider, and the tool's schema made with the zod the library uses. */
export interface AliceLibrary {
  alice: typeof Alice;
  openai: typeof AliceOpenAI;
  addSchema: AddSchema;
}

export function aliceClient(
  library: AliceLibrary,
  { baseURL, toolRounds }: ClientOptions,
): AgentClient {
  const { AliceAgent, PromptAgentTask, defineTool } = library.alice;
  const model = library.openai.createOpenAI({ apiKey: "test", baseURL })(modelFor(toolRounds));
  const add = defineTool({
    name: TOOL_NAME,
    description: TOOL_DESCRIPTION,
    input: library.addSchema,
    execute: ({ a, b }) => a + b,
  });
  const task = (stream: boolean) =>
    new PromptAgentTask({
      taskName: "calc",
      agent: new AliceAgent({
        name: "calc",
        model,
        systemMessage: INSTRUCTIONS,
        stream,
        maxToolRounds: maxTurns(toolRounds) - 1,
      }),
      templates: { task_template: "{{question}}" },
      tools: [add],
    });
  const plain = task(false);
  const streaming = task(true);
  const inputs = { question: QUESTION };

  const finalText = (response: Alice.TaskResponse) => {
    if (response.status !== "complete")
      throw new Error(`alice: run ended ${response.status}: ${JSON.stringify(response.error)}`);
    return response.taskOutputs;
  };

  return {
    async run() {
      return finalText(await plain.run(inputs));
    },
    async runStream() {
      let text = "";
      for await (const event of streaming.stream(inputs)) {
        if (event.type === "node-start") text = "";
        else if (event.type === "text-delta") text += event.delta;
        else if (event.type === "task-end") finalText(event.response);
      }
      return text;
    },
  };
}
