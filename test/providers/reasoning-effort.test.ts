import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelSettings, ReasoningEffort } from "../../src/providers/language-model.ts";
import {
  anthropicHarness,
  ask,
  drain,
  finishOf,
  openaiHarness,
  providerError,
  textOf,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();
const openaiModel = (settings: ModelSettings) => openaiHarness.model({ settings });
const anthropicModel = (settings: ModelSettings) => anthropicHarness.model({ settings });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("reasoningEffort on OpenAI Chat Completions", () => {
  it("is reasoning_effort, beside max_completion_tokens", async () => {
    const llm = mockOpenAI([{ text: "ok" }]);
    server.use(...llm.handlers);
    await openaiModel({ reasoningEffort: "high", maxOutputTokens: 5000 }).generate(ask());
    expect(llm.requests[0]?.body).toMatchObject({
      reasoning_effort: "high",
      max_completion_tokens: 5000,
    });
    expect(llm.requests[0]?.body).not.toHaveProperty("max_tokens");
  });

  it("reasoning is never shown on this API: only its token count, in usage", async () => {
    const llm = mockOpenAI([
      { reasoning: "Thinking hard about it.", text: "42" },
      {
        reasoning: "Again.",
        text: "43",
        usage: { inputTokens: 10, outputTokens: 50, reasoningTokens: 40 },
      },
    ]);
    server.use(...llm.handlers);
    const model = openaiModel({ reasoningEffort: "low" });
    const first = await model.generate(ask());
    expect(first.message.content).toBe("42");
    expect(first.message.reasoning).toBeUndefined();
    // Estimated: the scripted reasoning is counted, as output and as reasoning.
    const estimated = first.message.usage;
    expect(estimated.reasoningTokens).toBe(Math.ceil("Thinking hard about it.".length / 4));
    expect(estimated.outputTokens).toBe(1 + (estimated.reasoningTokens ?? 0));
    const { parts } = await drain(model.stream(ask()));
    expect(parts.some((p) => p.type === "reasoning-delta")).toBe(false);
    expect(textOf(parts)).toBe("43");
    expect(finishOf(parts).message.usage).toMatchObject({ outputTokens: 50, reasoningTokens: 40 });
  });
});

describe("reasoningEffort on the Anthropic Messages API", () => {
  it.each(["low", "medium", "high", "xhigh"] as const)(
    "%s is output_config.effort",
    async (effort) => {
      const llm = mockAnthropic([{ text: "ok" }]);
      server.use(...llm.handlers);
      await anthropicModel({ reasoningEffort: effort }).generate(ask());
      expect(llm.requests[0]?.body.output_config).toEqual({ effort });
    },
  );

  it.each(["none", "minimal"] as const)(
    "%s has no effort there: refused before sending, or left out when listed",
    async (effort: ReasoningEffort) => {
      const told: string[] = [];
      vi.spyOn(process, "emitWarning").mockImplementation((warning) => {
        told.push(String(warning));
      });
      const llm = mockAnthropic([{ text: "ok" }]);
      server.use(...llm.handlers);
      const error = await providerError(
        anthropicModel({ reasoningEffort: effort }).generate(ask()),
      );
      expect(error.code).toBe("PROVIDER_BAD_REQUEST");
      expect(error.attempts).toBe(0);
      expect(error.message).toContain(
        'reasoningEffort cannot be sent: the Messages API has no effort "none" or "minimal"',
      );
      expect(llm.requests).toHaveLength(0);
      await anthropicModel({
        reasoningEffort: effort,
        dropUnsupported: ["reasoningEffort"],
      }).generate(ask());
      expect(llm.requests[0]?.body).not.toHaveProperty("output_config");
    },
  );
});

describe("reasoningEffort is checked when the model is made", () => {
  it("names the values it takes", () => {
    const loose = { reasoningEffort: "extreme" } as unknown as ModelSettings;
    expect(() => openaiModel(loose)).toThrow(
      'reasoningEffort must be one of "none", "minimal", "low", "medium", "high", "xhigh"; got "extreme".',
    );
  });
});
