export type {
  Cassette,
  CassetteEvent,
  CassetteInteraction,
  CassetteRequest,
  CassetteResponse,
} from "./cassette.ts";
export { mockAnthropic } from "./mock-anthropic.ts";
export type { MockLLM, MockLLMOptions } from "./mock-llm.ts";
export { MockLLMError, type MockLLMErrorCode, type MockLLMErrorOptions } from "./mock-llm-error.ts";
export { mockOpenAI } from "./mock-openai.ts";
export type { MockRequest, MockRequestSummary, MockToolResult } from "./mock-request.ts";
export type {
  MockErrorTurn,
  MockHttpError,
  MockNetworkErrorTurn,
  MockReasoning,
  MockReply,
  MockStreamErrorEvent,
  MockStreamOptions,
  MockToolCall,
  MockTurn,
  MockTurnOptions,
  MockTurnSpec,
} from "./mock-turn.ts";
