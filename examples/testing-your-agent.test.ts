// Testing your own agent without calling a paid API: the official openai SDK inside the agent
// makes real HTTP requests, and a scripted mock model answers them through MSW.
// Run it with `npm test` (vitest); it needs no key and no network.
import { AliceAgent, defineTool, PromptAgentTask } from "alice-agents";
import { openai } from "alice-agents/openai";
import { mockOpenAI } from "alice-agents/testing";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { z } from "zod";

/** Your agent: a calculator with one tool, on the default `openai` provider (key from OPENAI_API_KEY). */
const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});
const calculator = new PromptAgentTask({
  taskName: "calculator",
  agent: new AliceAgent({
    name: "calc",
    systemMessage: "You add numbers with the add tool.",
    model: openai("gpt-4o-mini"),
  }),
  templates: { task_template: "{{question}}" },
  tools: [add],
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" })); // msw 2: onUnhandledRequest
beforeEach(() => {
  // A fake key: MSW answers every request, so no real key is needed and none is sent anywhere.
  vi.stubEnv("OPENAI_API_KEY", "sk-test-not-a-real-key");
  // The mock answers the OpenAI API's address; a local OPENAI_BASE_URL would send requests elsewhere.
  vi.stubEnv("OPENAI_BASE_URL", "");
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

it("calls the add tool and answers with its result", async () => {
  const llm = mockOpenAI([
    {
      toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }],
      usage: { inputTokens: 40, outputTokens: 9 },
    },
    {
      text: "The answer is 5",
      usage: { inputTokens: 61, outputTokens: 6 },
      match: (request) => request.toolResults.at(-1)?.content === "5", // the tool result reached the model
    },
  ]);
  server.use(...llm.handlers);

  const response = await calculator.run({ question: "What is 2 + 3?" });

  expect(response.taskOutputs).toBe("The answer is 5");
  expect(response.usageMetrics.totalTokens).toBe(116);
  expect(llm.requests[0]?.toolNames).toEqual(["add"]);
  // The log shows that a key was sent, never the key itself.
  expect(llm.requests[0]?.headers.authorization).toBe("Bearer [REDACTED]");
  llm.assertComplete(); // every scripted turn was used, and nothing unexpected was asked
});

it("gets through a rate limit: the framework retries after retry-after", async () => {
  const llm = mockOpenAI([
    { error: { status: 429, headers: { "retry-after-ms": "10" } } },
    { text: "Nothing to add." },
  ]);
  server.use(...llm.handlers);

  const response = await calculator.run({ question: "Hello" });

  expect(response.taskOutputs).toBe("Nothing to add.");
  expect(llm.requests).toHaveLength(2);
  llm.assertComplete();
});

it("reports a rejected key as a typed error, without retrying", async () => {
  const llm = mockOpenAI([{ error: { status: 401 } }]); // the mock rejects whatever key is sent
  server.use(...llm.handlers);

  const response = await calculator.run({ question: "Hello" });

  expect(response.status).toBe("failed");
  expect(response.error?.code).toBe("PROVIDER_AUTHENTICATION");
  expect(llm.requests).toHaveLength(1);
  llm.assertComplete();
});
