// Structured output: a PromptAgentTask with a zod outputSchema. Every model call asks for JSON
// matching the schema (the provider's own structured output), the answer is validated (one
// repair when it does not match), and response.structuredOutput is typed by the schema.
// Run it: node --conditions=alice-source examples/structured-output.ts   (offline unless a key is set)
import { AliceAgent, PromptAgentTask } from "alice-agents";
import { z } from "zod";
import { exampleModel } from "./support/example-model.ts";

const Ticket = z.object({
  summary: z.string().describe("One line: what the customer needs"),
  category: z.enum(["billing", "shipping", "returns", "account", "technical", "other"]),
  priority: z.enum(["low", "normal", "urgent"]),
  orderId: z.string().nullable().describe("The order number, when the email gives one"),
  customer: z.object({ name: z.string(), email: z.string() }),
});

const EMAIL = `From: Sam Rivera <sam@example.com>
Subject: Cracked lamp!!

Hi, my order 1042 came today and the shade is cracked. I need a replacement before
Friday's opening. Thanks, Sam`;

const { model, close } = await exampleModel([
  {
    text: JSON.stringify({
      summary: "Replace the cracked lamp shade of order 1042 before Friday",
      category: "returns",
      priority: "urgent",
      orderId: "1042",
      customer: { name: "Sam Rivera", email: "sam@example.com" },
    }),
    stream: { chunkBytes: 16 },
  },
]);

const triage = new PromptAgentTask({
  taskName: "extract_ticket",
  agent: new AliceAgent({
    name: "triage",
    systemMessage: "You turn customer emails into support tickets.",
    model,
  }),
  templates: { task_template: "Make a ticket of this email:\n\n{{email}}" },
  inputVariables: z.object({ email: z.string() }),
  outputSchema: Ticket,
});

// The ticket as it streams in: each object-delta is the JSON parsed so far (not yet validated).
let partials = 0;
const response = await triage.run(
  { email: EMAIL },
  {
    onEvent: (event) => {
      if (event.type === "object-delta") partials++;
    },
  },
);
const ticket = response.structuredOutput; // z.infer<typeof Ticket> | undefined
if (ticket === undefined) {
  console.log(`${response.status}: ${response.error?.message}`);
} else {
  console.log(`status: ${response.status} (the ticket grew over ${partials} partial objects)`);
  console.log(`[${ticket.priority}] ${ticket.category}: ${ticket.summary}`);
  console.log(
    `order ${ticket.orderId ?? "none"}, from ${ticket.customer.name} <${ticket.customer.email}>`,
  );
}
close();
