import { AliceError, type LanguageModel, ModelRegistry, models, OptionsError } from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { useMockServer } from "../msw-server.ts";

const server = useMockServer();

/** The AliceError a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<AliceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!AliceError.isInstance(error)) throw new Error(`expected an AliceError, got ${error}`);
  return error;
}

const unregistered = (spec: string, prefix: string, registered: string) =>
  `No provider registered for "${spec}": register one with models.register("${prefix}", (id) => …), e.g. (id) => createOpenAI({ name: "${prefix}", baseURL })(id) for an OpenAI-compatible server. Registered: ${registered}.`;

describe("the default registry, models", () => {
  it("has openai and anthropic built in, by Genkit's provider/model and by provider:model", async () => {
    expect(models.prefixes).toEqual(["openai", "anthropic"]);
    const mini = await models.resolve("openai/gpt-4o-mini");
    const haiku = await models.resolve("anthropic:claude-haiku-4-5");
    expect([mini.provider, mini.modelId]).toEqual(["openai", "gpt-4o-mini"]);
    expect([haiku.provider, haiku.modelId]).toEqual(["anthropic", "claude-haiku-4-5"]);
  });

  it("refuses a provider nobody registered, saying how to register one (never another model)", async () => {
    const error = await rejection(models.resolve("googleai/gemini-2.0-flash"));
    expect(error.code).toBe("OPTIONS_INVALID");
    expect(error.message).toBe(
      unregistered("googleai/gemini-2.0-flash", "googleai", "openai, anthropic"),
    );
  });

  it("refuses a name without a provider", async () => {
    const error = await rejection(models.resolve("gpt-4o"));
    expect([error.code, error.message]).toEqual([
      "OPTIONS_INVALID",
      '"gpt-4o" is not a model: write "provider/model" (or "provider:model"), e.g. "openai/gpt-4o-mini".',
    ]);
  });

  it("takes a registered OpenAI-compatible server under its own prefix, and calls its baseURL", async () => {
    const baseURL = "http://localhost:11434/v1";
    const llm = mockOpenAI([{ text: "hi" }], { baseURL });
    server.use(...llm.handlers);
    const ollama = createOpenAI({ name: "ollama", baseURL });
    expect(models.register("ollama", (id) => ollama(id))).toBe(models);
    expect(models.has("ollama")).toBe(true);

    const model = await models.resolve("ollama/llama3.2:latest");
    expect([model.provider, model.modelId]).toEqual(["ollama", "llama3.2:latest"]);
    const response = await model.generate({ messages: [{ role: "user", content: "Hello" }] });
    expect(response.message.content).toBe("hi");
    expect(llm.requests[0]?.url).toBe(`${baseURL}/chat/completions`);
    expect(llm.requests[0]?.body.model).toBe("llama3.2:latest");
  });
});

describe("a ModelRegistry", () => {
  const fake = (modelId: string): LanguageModel => createOpenAI({ apiKey: "k" })(modelId);

  it("starts empty; prefixes are case-insensitive; the model id is everything after the first separator", async () => {
    const registry = new ModelRegistry();
    expect(registry.prefixes).toEqual([]);
    const error = await rejection(registry.resolve("openai/gpt-4o-mini"));
    expect(error.message).toBe(unregistered("openai/gpt-4o-mini", "openai", "none"));

    registry.register("OpenRouter", fake);
    expect([registry.has("openrouter"), registry.has("OPENROUTER"), registry.has("x")]).toEqual([
      true,
      true,
      false,
    ]);
    const model = await registry.resolve("openrouter/meta-llama/llama-3.1-8b");
    expect(model.modelId).toBe("meta-llama/llama-3.1-8b");
  });

  it("replaces a prefix's factory when it is registered again", async () => {
    const registry = new ModelRegistry().register("a", fake);
    registry.register("a", (id) => fake(`${id}-2`));
    expect((await registry.resolve("a/m")).modelId).toBe("m-2");
    expect(registry.prefixes).toEqual(["a"]);
  });

  it("refuses an invalid prefix or factory with an OptionsError listing both", () => {
    const registry = new ModelRegistry();
    let error: unknown;
    try {
      registry.register("no/slash", "not a function" as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as OptionsError).problems).toEqual([
      'prefix must be a letter then letters, digits, "_" or "-" (e.g. "ollama"); got "no/slash".',
      "factory must be a function (modelId) => LanguageModel.",
    ]);
  });

  it("reports a factory that fails or returns no model as OPTIONS_INVALID, keeping the cause", async () => {
    const boom = new Error("no such deployment");
    const registry = new ModelRegistry()
      .register("broken", () => {
        throw boom;
      })
      .register("empty", async () => ({}) as LanguageModel);
    const failed = await rejection(registry.resolve("broken/x"));
    expect([failed.code, failed.message, failed.cause]).toEqual([
      "OPTIONS_INVALID",
      'The provider registered for "broken" could not make "broken/x": no such deployment',
      boom,
    ]);
    const empty = await rejection(registry.resolve("empty/x"));
    expect(empty.message).toMatch(/^The provider registered for "empty" returned no LanguageModel/);
  });

  it("hands the factory the signal, and rejects with its reason when it aborts", async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const controller = new AbortController();
    const registry = new ModelRegistry().register("slow", async (id, { signal }) => {
      seen.push(signal);
      controller.abort(new Error("stop"));
      return fake(id);
    });
    await expect(registry.resolve("slow/x", { signal: controller.signal })).rejects.toThrow("stop");
    expect(seen).toEqual([controller.signal]);
    await expect(registry.resolve("slow/x", { signal: controller.signal })).rejects.toThrow("stop");
    expect(seen).toHaveLength(1);
  });
});
