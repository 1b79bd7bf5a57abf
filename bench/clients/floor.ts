/**
 * The floor: the official `openai` SDK with a hand-written tool loop (what a framework adds
 * overhead to). Streaming reassembles tool calls from the deltas by index.
 */
import OpenAI from "openai";
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import {
  INSTRUCTIONS,
  maxTurns,
  modelFor,
  QUESTION,
  TOOL_DESCRIPTION,
  TOOL_NAME,
} from "../scenario.ts";
import type { AgentClient, ClientOptions } from "./client.ts";

const tools: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: TOOL_NAME,
      description: TOOL_DESCRIPTION,
      parameters: {
        type: "object",
        properties: { a: { type: "number" }, b: { type: "number" } },
        required: ["a", "b"],
        additionalProperties: false,
      },
    },
  },
];

/** Runs one tool call by hand: parse, check, add. */
function runTool(name: string, args: string): string {
  if (name !== TOOL_NAME) return `Unknown tool ${name}`;
  const { a, b } = JSON.parse(args) as { a?: unknown; b?: unknown };
  if (typeof a !== "number" || typeof b !== "number") return "a and b must be numbers";
  return String(a + b);
}

const firstMessages = (): ChatCompletionMessageParam[] => [
  { role: "system", content: INSTRUCTIONS },
  { role: "user", content: QUESTION },
];

export function createClient({ baseURL, toolRounds }: ClientOptions): AgentClient {
  const client = new OpenAI({ apiKey: "test", baseURL });
  const model = modelFor(toolRounds);
  const turnLimit = maxTurns(toolRounds);

  return {
    async run() {
      const messages = firstMessages();
      for (let turn = 0; turn < turnLimit; turn++) {
        const completion = await client.chat.completions.create({ model, messages, tools });
        const message = completion.choices[0]!.message;
        messages.push(message);
        const calls = message.tool_calls ?? [];
        if (calls.length === 0) return message.content ?? "";
        for (const call of calls) {
          if (call.type !== "function") continue;
          const content = runTool(call.function.name, call.function.arguments);
          messages.push({ role: "tool", tool_call_id: call.id, content });
        }
      }
      throw new Error(`floor: no final answer after ${turnLimit} turns`);
    },

    async runStream() {
      const messages = firstMessages();
      for (let turn = 0; turn < turnLimit; turn++) {
        const stream = await client.chat.completions.create({
          model,
          messages,
          tools,
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = "";
        const calls: ChatCompletionMessageFunctionToolCall[] = [];
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta;
          if (delta === undefined) continue;
          if (delta.content) text += delta.content;
          for (const part of delta.tool_calls ?? []) {
            calls[part.index] ??= {
              id: "",
              type: "function",
              function: { name: "", arguments: "" },
            };
            const call = calls[part.index]!;
            if (part.id) call.id = part.id;
            if (part.function?.name) call.function.name = part.function.name;
            if (part.function?.arguments) call.function.arguments += part.function.arguments;
          }
        }
        if (calls.length === 0) return text;
        messages.push({ role: "assistant", content: text || null, tool_calls: calls });
        for (const call of calls) {
          const content = runTool(call.function.name, call.function.arguments);
          messages.push({ role: "tool", tool_call_id: call.id, content });
        }
      }
      throw new Error(`floor: no final answer after ${turnLimit} turns`);
    },
  };
}
