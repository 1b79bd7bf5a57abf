/** The Vercel AI SDK: `generateText` / `streamText` with one tool and a step bound, Chat Completions. */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, streamText, tool } from "ai";
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
  const model = createOpenAI({ apiKey: "test", baseURL }).chat(modelFor(toolRounds));
  const tools = {
    [TOOL_NAME]: tool({
      description: TOOL_DESCRIPTION,
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }) => a + b,
    }),
  };
  const settings = {
    model,
    system: INSTRUCTIONS,
    prompt: QUESTION,
    tools,
    stopWhen: stepCountIs(maxTurns(toolRounds)),
  };

  return {
    async run() {
      const result = await generateText(settings);
      return result.text;
    },
    async runStream() {
      const result = streamText(settings);
      let text = "";
      for await (const delta of result.textStream) text += delta;
      return text;
    },
  };
}
