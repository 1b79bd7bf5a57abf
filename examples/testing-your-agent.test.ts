// Testing your own agent without calling a paid API: the openai SDK makes real HTTP requests,
// and a scripted mock model answers them through MSW.
import { mockOpenAI } from "alice-agents/testing";
import { setupServer } from "msw/node";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";

/** Your agent: asks the model, runs the tools it calls, feeds the results back, until it answers. */
async function calculatorAgent(client: OpenAI, question: string): Promise<string> {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: question }];
  const tools: OpenAI.ChatCompletionTool[] = [
    {
      type: "function",
      function: {
        name: "add",
        parameters: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
        },
      },
    },
  ];
  for (let round = 0; round < 5; round++) {
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      tools,
    });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content ?? "";
    for (const call of message.tool_calls) {
      if (call.type !== "function") continue;
      const { a, b } = JSON.parse(call.function.arguments) as { a: number; b: number };
      messages.push({ role: "tool", tool_call_id: call.id, content: String(a + b) });
    }
  }
  throw new Error("The agent did not answer within 5 tool rounds.");
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" })); // msw 2: onUnhandledRequest
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

it("calls the add tool and answers with its result", async () => {
  const llm = mockOpenAI([
    { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] },
    { text: "The answer is 5", match: (request) => request.toolResults.at(-1)?.content === "5" },
  ]);
  server.use(...llm.handlers);
  // Build the client after listen(): the SDK picks up fetch when it is constructed.
  const client = new OpenAI({ apiKey: "test", maxRetries: 0 });

  expect(await calculatorAgent(client, "What is 2 + 3?")).toBe("The answer is 5");
  expect(llm.requests).toHaveLength(2);
  expect(llm.requests[0]?.toolNames).toEqual(["add"]);
  llm.assertComplete(); // every scripted turn was used, and nothing unexpected was asked
});

it("gets through a rate limit when the client retries", async () => {
  const llm = mockOpenAI([{ error: { status: 429 } }, { text: "Nothing to add." }]);
  server.use(...llm.handlers);
  const client = new OpenAI({ apiKey: "test", maxRetries: 1 });

  expect(await calculatorAgent(client, "Hello")).toBe("Nothing to add.");
  llm.assertComplete();
});
