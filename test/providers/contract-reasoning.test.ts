// The contract for reasoning and caching, the same on every wire: reasoning is never the
// answer's text, its tokens are counted, and reasoningEffort and cacheControl are taken by all.
// What differs by API (which shows reasoning, which has a thinking budget, how effort and caching
// are sent) is said per harness.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelResponse } from "../../src/providers/language-model.ts";
import {
  ask,
  drain,
  finishOf,
  providerError,
  textOf,
  useMockServer,
  wireHarnesses,
} from "./harness.ts";

const server = useMockServer();

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(wireHarnesses)("$name: reasoning and caching", (h) => {
  const showsReasoning = h.supports.has("reasoningText");

  it.each(["generate", "stream"] as const)(
    "%s: an answer's reasoning is never its text; its tokens are output, counted apart",
    async (how) => {
      const llm = h.mock([{ reasoning: "First, 2 + 3 is 5.", text: "5" }]);
      server.use(...llm.handlers);
      const model = h.model();
      let response: ModelResponse;
      if (how === "generate") response = await model.generate(ask());
      else {
        const { parts } = await drain(model.stream(ask()));
        expect(textOf(parts)).toBe("5");
        const reasoning = parts.flatMap((p) => (p.type === "reasoning-delta" ? [p.delta] : []));
        expect(reasoning.join("")).toBe(showsReasoning ? "First, 2 + 3 is 5." : "");
        response = finishOf(parts);
      }
      expect(response.message.content).toBe("5");
      expect(response.message.reasoning?.map((part) => part.text)).toEqual(
        showsReasoning ? ["First, 2 + 3 is 5."] : undefined,
      );
      const { outputTokens, reasoningTokens = 0 } = response.message.usage;
      expect(reasoningTokens).toBeGreaterThan(0);
      expect(outputTokens).toBeGreaterThan(reasoningTokens);
    },
  );

  it("takes reasoningEffort and cacheControl, each in its API's own terms", async () => {
    const llm = h.mock([{ text: "ok" }]);
    server.use(...llm.handlers);
    await h
      .model({ settings: { reasoningEffort: "medium", cacheControl: true } })
      .generate({ messages: [{ role: "system", content: "Be brief." }, ...ask().messages] });
    const body = llm.requests[0]?.body;
    for (const [field, value] of Object.entries(h.reasoningEffort("medium"))) {
      expect(body?.[field]).toEqual(value);
    }
    if (h.cachedSystem === undefined) expect(JSON.stringify(body)).not.toContain("cache_control");
    else {
      for (const [field, value] of Object.entries(h.cachedSystem)) {
        expect(body?.[field]).toEqual(value);
      }
    }
  });

  it("reads cache reads as cached input tokens, a part of the input", async () => {
    const usage = { inputTokens: 3000, outputTokens: 4, cachedInputTokens: 2048 };
    const llm = h.mock([{ text: "ok", usage }]);
    server.use(...llm.handlers);
    const response = await h.model().generate(ask());
    expect(response.message.usage).toMatchObject(usage);
  });

  it("a thinking budget: sent where the API has one, else refused or dropped as listed", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const llm = h.mock([{ text: "a" }, { text: "b" }]);
    server.use(...llm.handlers);
    const thinking = { budgetTokens: 1024 };
    if (h.supports.has("thinkingBudget")) {
      await h.model({ settings: { thinking } }).generate(ask());
      expect(llm.requests[0]?.body.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    } else {
      const error = await providerError(h.model({ settings: { thinking } }).generate(ask()));
      expect(error.code).toBe("PROVIDER_BAD_REQUEST");
      expect(llm.requests).toHaveLength(0);
      await h.model({ settings: { thinking, dropUnsupported: ["thinking"] } }).generate(ask());
      expect(llm.requests[0]?.body).not.toHaveProperty("thinking");
    }
  });
});
