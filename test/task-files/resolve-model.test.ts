import { AliceError, models, resolveModel } from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { describe, expect, it } from "vitest";

describe("resolveModel", () => {
  it.each([
    ["gpt-4o", /^"gpt-4o" is not a model: write "provider\/model" \(or "provider:model"\)/],
    [
      "mistral:large",
      /^No provider registered for "mistral:large": register one with models\.register\("mistral"/,
    ],
  ])("refuses %j with an AliceError (OPTIONS_INVALID) saying what to write", async (spec, says) => {
    const error = await Promise.resolve(resolveModel(spec)).catch((e: unknown) => e);
    expect(AliceError.isInstance(error) && error.code).toBe("OPTIONS_INVALID");
    expect((error as Error).message).toMatch(says);
  });

  it("is the default registry's resolve: a provider registered on models resolves too", async () => {
    models.register("groq", (id) =>
      createOpenAI({ name: "groq", baseURL: "https://api.groq.com/openai/v1" })(id),
    );
    const model = await resolveModel("groq/llama-3.3-70b-versatile");
    expect([model.provider, model.modelId]).toEqual(["groq", "llama-3.3-70b-versatile"]);
  });
});
