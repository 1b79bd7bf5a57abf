// The two providers behind one harness, so every agent test runs against both wire formats,
// through the official SDKs, answered by the MSW testing kit.
import type { LanguageModel } from "alice-agents";
import { createAnthropic } from "alice-agents/anthropic";
import { createOpenAI } from "alice-agents/openai";
import { type MockLLM, type MockTurn, mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { useMockServer } from "../msw-server.ts";

/** One provider as the tests see it. */
export interface Harness {
  name: "openai" | "anthropic";
  /** Scripts the mock model and installs its handlers. */
  script(turns: MockTurn[]): MockLLM;
  /** A model of this provider with test-speed retries. */
  model(): LanguageModel;
}

const retry = { minDelayMs: 1, maxDelayMs: 5 };

/** Starts one MSW server for the test file and returns the harnesses. */
export function harnesses(): Harness[] {
  const server = useMockServer();
  const install = (llm: MockLLM) => {
    server.use(...llm.handlers);
    return llm;
  };
  return [
    {
      name: "openai",
      script: (turns) => install(mockOpenAI(turns)),
      model: () => createOpenAI({ apiKey: "sk-test-key-openai", retry })("gpt-4o-mini"),
    },
    {
      name: "anthropic",
      script: (turns) => install(mockAnthropic(turns)),
      model: () => createAnthropic({ apiKey: "sk-ant-test-key", retry })("claude-haiku-4-5"),
    },
  ];
}
