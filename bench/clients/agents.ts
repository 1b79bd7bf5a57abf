/**
 * The OpenAI Agents SDK: `Agent` + `run`, over Chat Completions like every other client
 * (`OpenAIChatCompletionsModel`), tracing off (it would export to the OpenAI API).
 */
import { Agent, OpenAIChatCompletionsModel, run, setTracingDisabled, tool } from "@openai/agents";
import OpenAI from "openai";
import { z } from "zod";
import {
  INSTRUCTIONS,
  maxTurns,
  modelFor,
  QUESTION,
  TOOL_DESCRIPTION,
  TOOL_NAME,
} from "../scenario.ts";
import type { AgentClient, ClientOptions } from "./client.ts";

export function createClient({ baseURL, toolRounds }: ClientOptions): AgentClient {
  setTracingDisabled(true);
  const client = new OpenAI({ apiKey: "test", baseURL });
  return agentClient(new OpenAIChatCompletionsModel(client, modelFor(toolRounds)), toolRounds);
}

/** The same agent over any Agents SDK model (Chat Completions here, Responses in agents-responses.ts). */
export function agentClient(
  model: ConstructorParameters<typeof Agent>[0]["model"],
  toolRounds?: number,
): AgentClient {
  const add = tool({
    name: TOOL_NAME,
    description: TOOL_DESCRIPTION,
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => a + b,
  });
  const agent = new Agent({ name: "calc", instructions: INSTRUCTIONS, model, tools: [add] });
  const options = { maxTurns: maxTurns(toolRounds) };

  return {
    async run() {
      const result = await run(agent, QUESTION, options);
      return String(result.finalOutput);
    },
    async runStream() {
      const result = await run(agent, QUESTION, { ...options, stream: true });
      let text = "";
      for await (const delta of result.toTextStream()) text += delta;
      await result.completed;
      return text;
    },
  };
}
