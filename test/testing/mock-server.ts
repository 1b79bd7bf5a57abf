import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

export { useMockServer } from "../msw-server.ts";

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
