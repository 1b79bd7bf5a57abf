import { createMockLLM, type MockLLM, type MockLLMOptions } from "./mock-llm.ts";
import type { MockTurn } from "./mock-turn.ts";
import { openaiWire } from "./openai-wire.ts";

/**
 * A mock OpenAI Chat Completions model (`POST {baseURL}/chat/completions`) that answers the n-th
 * request with the n-th turn, as JSON or as an SSE stream when the request has `stream: true`.
 */
export function mockOpenAI(turns: readonly MockTurn[], options: MockLLMOptions = {}): MockLLM {
  return createMockLLM(openaiWire, turns, options);
}
