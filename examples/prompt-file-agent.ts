// A PromptAgentTask from a .prompt file: the file declares the inputs, the model settings, the
// tools it may use and the JSON answer it must give; the code supplies the tools.
// Run it: node --conditions=alice-source examples/prompt-file-agent.ts   (offline unless a key is set)
import { AliceAgent, defineTool, loadPromptDir, PromptAgentTask } from "alice-agents";
import { z } from "zod";
import { exampleModel } from "./support/example-model.ts";

const ORDERS: Record<string, { status: string; deliveredDaysAgo: number; total: number }> = {
  "1042": { status: "DELIVERED", deliveredDaysAgo: 12, total: 89.9 },
};

const tools = [
  defineTool({
    name: "lookupOrder",
    description: "Looks up an order's status and delivery date.",
    input: z.object({ orderId: z.string() }),
    execute: ({ orderId }) => ORDERS[orderId] ?? { error: `No order ${orderId}` },
  }),
  defineTool({
    name: "refundOrder",
    description: "Refunds an order in full. Only within the refund policy.",
    input: z.object({ orderId: z.string(), reason: z.string() }),
    execute: ({ orderId }) => ({ refunded: orderId in ORDERS, orderId }),
  }),
  defineTool({
    name: "searchKnowledgeBase",
    description: "Searches the help articles.",
    input: z.object({ query: z.string() }),
    execute: () => [],
  }),
];

const prompts = await loadPromptDir(new URL("./prompts/", import.meta.url).pathname);
const { model, close } = await exampleModel([
  { toolCalls: [{ name: "lookupOrder", arguments: { orderId: "1042" } }] },
  {
    toolCalls: [{ name: "refundOrder", arguments: { orderId: "1042", reason: "arrived damaged" } }],
  },
  {
    text: JSON.stringify({
      reply:
        "Hi Sam, I'm sorry the lamp arrived damaged. I have refunded order 1042 in full; the money reaches your card within five business days, and you don't need to send it back.",
      category: "RETURNS",
      needsHuman: false,
    }),
  },
]);

const support = new PromptAgentTask({
  taskName: "support_reply",
  agent: new AliceAgent({ name: "support", systemMessage: "", model }),
  templates: { task_template: prompts.get("support-agent")! },
  tools,
});

const response = await support.run({
  company: "Lumen Lamps",
  customer: { name: "Sam", tier: "PRO" },
  ticket: {
    subject: "Broken lamp",
    body: "My order 1042 arrived with a cracked shade. Can I get a refund?",
    channel: "EMAIL",
  },
  orders: [
    { id: "1042", date: "2026-11-14", total: 89.9, status: "DELIVERED", items: ["Desk lamp"] },
  ],
});
const answer = response.structuredOutput as {
  reply: string;
  category: string;
  needsHuman: boolean;
};
console.log(
  `status: ${response.status}; tools used: ${response.nodeReferences.filter((n) => n.nodeName === "tool_call_execution").length} rounds`,
);
console.log(`category: ${answer.category}, needs a human: ${answer.needsHuman}`);
console.log(answer.reply);
close();
