// A chat agent in code: a PromptAgentTask with one tool, where each message is one run of a chat
// thread (threadId) kept in a SQLite run store. Every run sends the thread's earlier turns, so the
// agent follows the conversation, also after a restart: only the file remembers it.
// Run it: node --conditions=alice-source examples/chat-agent.ts [chat.db]   (offline unless a key
// is set). The store is the path given (or ALICE_CHAT_DB), else a new file in a temp folder;
// give the same path again and the chat goes on where it stopped.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AliceAgent,
  defineTool,
  openSqliteRunStore,
  PromptAgentTask,
  type RunStore,
} from "alice-agents";
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
  // The follow-up names no amount: the offline model, like a real one, finds it only in the
  // earlier turns the run sends.
  (request) =>
    JSON.stringify(request.body).includes("How much is 250 euros in yen?")
      ? {
          toolCalls: [
            { name: "convert_currency", arguments: { amount: 250, from: "EUR", to: "USD" } },
          ],
        }
      : { text: "Which amount do you mean?" },
  { text: "250 EUR is about 270 USD." },
]);

/** The assistant: nothing of the conversation lives in it, so a restart loses nothing. */
const travelAssistant = () =>
  new PromptAgentTask({
    taskName: "travel_assistant",
    agent: new AliceAgent({
      name: "Ada",
      systemMessage: "You are a concise travel assistant. Use tools for numbers.",
      model,
    }),
    templates: { task_template: "{{message}}" },
    inputVariables: {
      type: "object",
      properties: { message: { type: "string" } },
      required: ["message"],
    },
    tools: [convert],
  });

const path =
  process.argv[2] ??
  process.env.ALICE_CHAT_DB ??
  join(mkdtempSync(join(tmpdir(), "alice-chat-")), "chat.db");
const threadId = "trip-to-japan";

/** One message: a run of the thread, sent with up to 20 messages of the earlier turns. */
async function chat(assistant: PromptAgentTask, store: RunStore, message: string) {
  console.log(`you: ${message}`);
  const response = await assistant.run(
    { message },
    {
      store,
      threadId,
      historyWindow: 20,
      onEvent: (event) => {
        if (event.type === "tool-call")
          console.log(`  (calls ${event.toolCall.name} ${event.toolCall.arguments})`);
      },
    },
  );
  console.log(`Ada: ${response.taskOutputs}   [${response.usageMetrics.totalTokens} tokens]`);
}

let store = await openSqliteRunStore({ path });
let assistant = travelAssistant();
await chat(assistant, store, "How much is 250 euros in yen?");
await chat(assistant, store, "Thanks!");
await store.close();

console.log("(restart: a new store on the same file, a new assistant)");
store = await openSqliteRunStore({ path });
assistant = travelAssistant();
await chat(assistant, store, "And how much is that in dollars?");
const turns = await store.listRuns({ threadId });
console.log(`The thread "${threadId}" has ${turns.length} runs in ${path}.`);
await store.close();
close();
