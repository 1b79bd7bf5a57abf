/**
 * LangGraph.js: its prebuilt ReAct agent (`createReactAgent`) over `ChatOpenAI`. Streaming uses
 * `streamMode: "messages"` and reads the text of the agent node's message chunks.
 */
import { AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { ChatOpenAI } from "@langchain/openai";
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

const textOf = (message: BaseMessage | undefined): string =>
  typeof message?.content === "string" ? message.content : JSON.stringify(message?.content);

export function createClient({ baseURL, toolRounds }: ClientOptions): AgentClient {
  const model = modelFor(toolRounds);
  const llm = new ChatOpenAI({ model, apiKey: "test", configuration: { baseURL } });
  const add = tool(async ({ a, b }) => a + b, {
    name: TOOL_NAME,
    description: TOOL_DESCRIPTION,
    schema: z.object({ a: z.number(), b: z.number() }),
  });
  const agent = createReactAgent({ llm, tools: [add], prompt: INSTRUCTIONS });
  // Each turn is two graph steps (agent, tools); the bound is on steps.
  const config = { recursionLimit: maxTurns(toolRounds) * 2 + 1 };
  const input = () => ({ messages: [{ role: "user", content: QUESTION }] });

  return {
    async run() {
      const state = await agent.invoke(input(), config);
      return textOf(state.messages.at(-1));
    },
    async runStream() {
      const stream = await agent.stream(input(), { ...config, streamMode: "messages" });
      let id: string | undefined;
      let text = "";
      for await (const [chunk, metadata] of stream) {
        if (!(chunk instanceof AIMessageChunk) || metadata.langgraph_node !== "agent") continue;
        if (chunk.id !== id) {
          id = chunk.id;
          text = "";
        }
        if (typeof chunk.content === "string") text += chunk.content;
      }
      return text;
    },
  };
}
