/** The OpenAI Agents SDK with its default API, the Responses API (`OpenAIResponsesModel`). */
import { OpenAIResponsesModel, setTracingDisabled } from "@openai/agents";
import OpenAI from "openai";
import { modelFor } from "../scenario.ts";
import { agentClient } from "./agents.ts";
import type { AgentClient, ClientOptions } from "./client.ts";

export function createClient({ baseURL, toolRounds }: ClientOptions): AgentClient {
  setTracingDisabled(true);
  const client = new OpenAI({ apiKey: "test", baseURL });
  return agentClient(new OpenAIResponsesModel(client, modelFor(toolRounds)), toolRounds);
}
