/**
 * A reference below the floor: the same loop over plain `fetch` and `JSON.parse`, no SDK. It
 * shows how much of the floor is the SDK itself.
 */
import {
  INSTRUCTIONS,
  maxTurns,
  modelFor,
  QUESTION,
  TOOL_DESCRIPTION,
  TOOL_NAME,
} from "../scenario.ts";
import type { AgentClient, ClientOptions } from "./client.ts";

interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}
interface WireMessage {
  role: string;
  content: string | null;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
}
interface WireCompletion {
  choices: { message: WireMessage }[];
}

const tools = [
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

function runTool(name: string, args: string): string {
  if (name !== TOOL_NAME) return `Unknown tool ${name}`;
  const { a, b } = JSON.parse(args) as { a?: unknown; b?: unknown };
  if (typeof a !== "number" || typeof b !== "number") return "a and b must be numbers";
  return String(a + b);
}

export function createClient({ baseURL, toolRounds }: ClientOptions): AgentClient {
  const url = `${baseURL}/chat/completions`;
  const model = modelFor(toolRounds);
  const turnLimit = maxTurns(toolRounds);
  const headers = { "content-type": "application/json", authorization: "Bearer test" };

  return {
    async run() {
      const messages: WireMessage[] = [
        { role: "system", content: INSTRUCTIONS },
        { role: "user", content: QUESTION },
      ];
      for (let turn = 0; turn < turnLimit; turn++) {
        const body = JSON.stringify({ model, messages, tools });
        const response = await fetch(url, { method: "POST", headers, body });
        if (!response.ok) throw new Error(`fetch loop: HTTP ${response.status}`);
        const message = ((await response.json()) as WireCompletion).choices[0]!.message;
        messages.push(message);
        const calls = message.tool_calls ?? [];
        if (calls.length === 0) return message.content ?? "";
        for (const call of calls) {
          const content = runTool(call.function.name, call.function.arguments);
          messages.push({ role: "tool", tool_call_id: call.id, content });
        }
      }
      throw new Error(`fetch loop: no final answer after ${turnLimit} turns`);
    },
  };
}
