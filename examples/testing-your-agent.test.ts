// Testing your own agent without calling a paid API: the official openai SDK inside the agent
// makes real HTTP requests, and a scripted mock model answers them through MSW.
import { AliceAgent, defineTool, PromptAgentTask } from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { mockOpenAI } from "alice-agents/testing";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { z } from "zod";

/** Your agent: a calculator with one tool. */
function calculator(apiKey: string): PromptAgentTask {
  const add = defineTool({
    name: "add",
    description: "Adds two numbers.",
    input: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }) => a + b,
  });
  return new PromptAgentTask({
    taskName: "calculator",
    agent: new AliceAgent({
      name: "calc",
      systemMessage: "You add numbers with the add tool.",
      model: createOpenAI({ apiKey, retry: { minDelayMs: 1 } })("gpt-4o-mini"),
    }),
    templates: { task_template: "{{question}}" },
    tools: [add],
  });
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" })); // msw 2: onUnhandledRequest
afterEach(() => server.resetHandlers());
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

  const response = await calculator("test-key").run({ question: "What is 2 + 3?" });

  expect(response.taskOutputs).toBe("The answer is 5");
  expect(response.usageMetrics.totalTokens).toBe(116);
  expect(llm.requests[0]?.toolNames).toEqual(["add"]);
  llm.assertComplete(); // every scripted turn was used, and nothing unexpected was asked
});

it("gets through a rate limit: the framework retries after retry-after", async () => {
  const llm = mockOpenAI([
    { error: { status: 429, headers: { "retry-after-ms": "10" } } },
    { text: "Nothing to add." },
  ]);
  server.use(...llm.handlers);

  const response = await calculator("test-key").run({ question: "Hello" });

  expect(response.taskOutputs).toBe("Nothing to add.");
  expect(llm.requests).toHaveLength(2);
});

it("reports a rejected key as a typed error, without retrying", async () => {
  const llm = mockOpenAI([{ error: { status: 401 } }]);
  server.use(...llm.handlers);

  const response = await calculator("wrong-key").run({ question: "Hello" });

  expect(response.status).toBe("failed");
  expect(response.error?.code).toBe("PROVIDER_AUTHENTICATION");
  expect(llm.requests).toHaveLength(1);
});
