/**
 * Mastra: a standalone `Agent` (`generate` / `stream`) with one `createTool` tool and a step
 * bound, on Chat Completions. The model is Mastra's own config for an OpenAI-compatible server,
 * `{ id, url, apiKey }`: with a `url` its model router builds a Chat Completions model from the
 * AI SDK's OpenAI-compatible provider bundled in `@mastra/core` (a bare `openai/…` id would pick
 * the Responses API). `@ai-sdk/openai`'s `.chat()` model also runs, but does not type-check:
 * Mastra's bundled `@ai-sdk/provider` types predate a finish reason the installed one has.
 *
 * What is left out, so the run is the agent loop alone: the agent is not registered in a
 * `Mastra` instance, so there is no storage, no observability (tracing) exporter and no
 * file-based agent loading; no `memory` is configured, so nothing is recalled or saved; the
 * logger stays Mastra's default console logger at level ERROR (silent on a good run); and
 * `MASTRA_TELEMETRY_DISABLED` is set in case any PostHog usage telemetry would fire.
 */
import { Agent } from "@mastra/core/agent";
import { createTool } from "@mastra/core/tools";
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
  process.env.MASTRA_TELEMETRY_DISABLED = "true";
  const add = createTool({
    id: TOOL_NAME,
    description: TOOL_DESCRIPTION,
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => a + b,
  });
  const agent = new Agent({
    id: "calc",
    name: "calc",
    instructions: INSTRUCTIONS,
    model: { id: `openai/${modelFor(toolRounds)}`, url: baseURL, apiKey: "test" },
    tools: { [TOOL_NAME]: add },
  });
  const options = { maxSteps: maxTurns(toolRounds) };

  return {
    async run() {
      const result = await agent.generate(QUESTION, options);
      return result.text;
    },
    async runStream() {
      const result = await agent.stream(QUESTION, options);
      let text = "";
      for await (const delta of result.textStream) text += delta;
      return text;
    },
  };
}
