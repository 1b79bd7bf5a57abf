import { anthropicWire } from "./anthropic-wire.ts";
import { createMockLLM, type MockLLM, type MockLLMOptions } from "./mock-llm.ts";
import type { MockTurn } from "./mock-turn.ts";

/**
 * A mock Anthropic Messages model (`POST {baseURL}/v1/messages`) that answers the n-th request
 * with the n-th turn, as JSON or as an SSE stream when the request has `stream: true`.
 */
export function mockAnthropic(turns: readonly MockTurn[], options: MockLLMOptions = {}): MockLLM {
  return createMockLLM(anthropicWire, turns, options);
}
