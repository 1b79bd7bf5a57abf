import Anthropic from "@anthropic-ai/sdk";
import { type SetupServer, setupServer } from "msw/node";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll } from "vitest";

/** An MSW server for one test file: unhandled requests are errors, handlers reset after each test. */
export function useMockServer(): SetupServer {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** An OpenAI client built after `listen()`, SDK retries off unless asked for. */
export function openai(options: ConstructorParameters<typeof OpenAI>[0] = {}): OpenAI {
  return new OpenAI({ apiKey: "test", maxRetries: 0, ...options });
}

/** An Anthropic client built after `listen()`, SDK retries off unless asked for. */
export function anthropic(options: ConstructorParameters<typeof Anthropic>[0] = {}): Anthropic {
  return new Anthropic({ apiKey: "test", maxRetries: 0, ...options });
}

/** A one-message OpenAI request body. */
export const ask = (content = "What is 2 + 3?") => ({
  model: "gpt-4o-mini",
  messages: [{ role: "user" as const, content }],
});

/** A one-message Anthropic request body. */
export const askClaude = (content = "What is 2 + 3?") => ({
  model: "claude-mock-1",
  max_tokens: 1024,
  messages: [{ role: "user" as const, content }],
});

/** Text with 2-, 3- and 4-byte UTF-8 characters, so byte chunks split inside characters. */
export const MULTIBYTE = "Zürich → 東京 🎉 naïve café 👩‍💻 done";
