// Picks the model the examples use: a real one when a key (or a local OpenAI-compatible server) is
// configured, else a scripted model from alice-agents/testing, so every example runs offline.
import { type LanguageModel, resolveModel } from "alice-agents";
import { anthropic } from "alice-agents/anthropic";
import { createOpenAI, openai } from "alice-agents/openai";
import { type MockTurn, mockOpenAI } from "alice-agents/testing";
import { setupServer } from "msw/node";

/** The model an example runs on, and whether it is the offline script. */
export interface ExampleModel {
  model: LanguageModel;
  offline: boolean;
  /** Stops the offline mock server (a no-op online). */
  close(): void;
}

const OFFLINE_URL = "https://offline.alice.local/v1";

/**
 * `ALICE_MODEL` ("openai:gpt-4o-mini", "anthropic:claude-haiku-4-5", "openai:llama3.2" with
 * OPENAI_BASE_URL for Ollama) wins; else OPENAI_API_KEY / OPENAI_BASE_URL → openai, else
 * ANTHROPIC_API_KEY → anthropic; else the example's script answers, and the first line says so.
 */
export async function exampleModel(offlineTurns: MockTurn[]): Promise<ExampleModel> {
  const env = process.env;
  if (env.ALICE_MODEL)
    return { model: await resolveModel(env.ALICE_MODEL), offline: false, close: () => {} };
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL)
    return { model: openai("gpt-4o-mini"), offline: false, close: () => {} };
  if (env.ANTHROPIC_API_KEY)
    return { model: anthropic("claude-haiku-4-5"), offline: false, close: () => {} };
  console.log(
    "Offline: no OPENAI_API_KEY, ANTHROPIC_API_KEY or OPENAI_BASE_URL is set, so a scripted model from alice-agents/testing answers.",
  );
  const server = setupServer(...mockOpenAI(offlineTurns, { baseURL: OFFLINE_URL }).handlers);
  server.listen({ onUnhandledFrame: "error" });
  return {
    model: createOpenAI({ apiKey: "offline", baseURL: OFFLINE_URL })("gpt-4o-mini"),
    offline: true,
    close: () => server.close(),
  };
}
