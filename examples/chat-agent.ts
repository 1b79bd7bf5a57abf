// A chat agent in code: a PromptAgentTask with one tool; the conversation so far is passed in as
// a variable, so each turn is one run.
// Run it: node --conditions=alice-source examples/chat-agent.ts   (offline unless a key is set)
import { AliceAgent, defineTool, PromptAgentTask } from "alice-agents";
import { z } from "zod";
import { exampleModel } from "./support/example-model.ts";

const RATES: Record<string, number> = { EUR: 1, USD: 1.08, GBP: 0.85, JPY: 163.2 };

const convert = defineTool({
  name: "convert_currency",
  description: "Converts an amount between currencies (EUR, USD, GBP, JPY) at today's rate.",
  input: z.object({
    amount: z.number(),
    from: z.enum(["EUR", "USD", "GBP", "JPY"]),
    to: z.enum(["EUR", "USD", "GBP", "JPY"]),
  }),
  execute: ({ amount, from, to }) => ({
    amount: Math.round((amount / RATES[from]!) * RATES[to]! * 100) / 100,
    currency: to,
  }),
});

const { model, close } = await exampleModel([
  { toolCalls: [{ name: "convert_currency", arguments: { amount: 250, from: "EUR", to: "JPY" } }] },
  { text: "250 EUR is about 40,800 JPY at today's rate." },
  { text: "You're welcome! Ask me any time you need another conversion." },
]);

const assistant = new PromptAgentTask({
  taskName: "travel_assistant",
  agent: new AliceAgent({
    name: "Ada",
    systemMessage: "You are a concise travel assistant. Use tools for numbers.",
    model,
  }),
  templates: {
    task_template:
      "{{#if transcript}}The conversation so far:\n{{transcript}}\n\n{{/if}}{{message}}",
  },
  inputVariables: {
    type: "object",
    properties: { message: { type: "string" }, transcript: { type: "string" } },
    required: ["message"],
  },
  tools: [convert],
});

let transcript = "";
for (const message of ["How much is 250 euros in yen?", "Thanks!"]) {
  console.log(`you: ${message}`);
  const response = await assistant.run(
    { message, transcript },
    {
      onEvent: (event) => {
        if (event.type === "tool-call")
          console.log(`  (calls ${event.toolCall.name} ${event.toolCall.arguments})`);
      },
    },
  );
  console.log(`Ada: ${response.taskOutputs}   [${response.usageMetrics.totalTokens} tokens]`);
  transcript += `User: ${message}\nAssistant: ${response.taskOutputs}\n`;
}
close();
