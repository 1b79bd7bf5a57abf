import { createMockLLM, type MockLLM, type MockLLMOptions } from "./mock-llm.ts";
import type { MockTurn } from "./mock-turn.ts";
import { openaiWire } from "./openai-wire.ts";
import { responsesWire } from "./responses-wire.ts";

/**
 * A mock OpenAI model that answers the n-th request with the n-th turn, as JSON or as an SSE
 * stream when the request has `stream: true`: Chat Completions (`POST {baseURL}/chat/completions`)
 * and the Responses API (`POST {baseURL}/responses`), each in its own wire format, from one script
 * in one order of arrival.
 */
export function mockOpenAI(turns: readonly MockTurn[], options: MockLLMOptions = {}): MockLLM {
  return createMockLLM(openaiWire, turns, options, [responsesWire]);
}
