import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkModelSettings } from "../../src/providers/check-model-settings.ts";
import type { ModelSettings } from "../../src/providers/language-model.ts";
import { mergeSettings } from "../../src/providers/merge-settings.ts";
import {
  anthropicHarness,
  ask,
  drain,
  openaiHarness,
  providerError,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();
const openaiModel = (settings: ModelSettings = {}) => openaiHarness.model({ settings });
const anthropicModel = (settings: ModelSettings = {}) => anthropicHarness.model({ settings });

/** Collects the process warnings about dropped settings (nothing is printed). */
function droppedWarnings(): string[] {
  const told: string[] = [];
  vi.spyOn(process, "emitWarning").mockImplementation((warning, options) => {
    const code = typeof options === "object" ? options.code : undefined;
    if (code === "ALICE_SETTING_DROPPED") told.push(String(warning));
  });
  return told;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("settings per provider: what each API is sent", () => {
  it("openai: presencePenalty and frequencyPenalty reach the body, as do seed and stop", async () => {
    const llm = mockOpenAI([{ text: "ok" }]);
    server.use(...llm.handlers);
    await openaiModel({
      presencePenalty: 0.5,
      frequencyPenalty: -1.25,
      seed: 3,
      stopSequences: ["END"],
      topP: 0.9,
    }).generate(ask());
    expect(llm.requests[0]?.body).toMatchObject({
      presence_penalty: 0.5,
      frequency_penalty: -1.25,
      seed: 3,
      stop: ["END"],
      top_p: 0.9,
    });
  });

  it("anthropic: topK is top_k, stopSequences stop_sequences", async () => {
    const llm = mockAnthropic([{ text: "ok" }]);
    server.use(...llm.handlers);
    await anthropicModel({ topK: 40, temperature: 0.3, stopSequences: ["END"] }).generate(ask());
    expect(llm.requests[0]?.body).toMatchObject({
      top_k: 40,
      temperature: 0.3,
      stop_sequences: ["END"],
    });
  });

  it("openai refuses topK set in code, naming it and the API, before sending anything", async () => {
    const llm = mockOpenAI([]);
    server.use(...llm.handlers);
    const error = await providerError(openaiModel({ topK: 40 }).generate(ask()));
    expect(error.code).toBe("PROVIDER_BAD_REQUEST");
    expect(error.attempts).toBe(0);
    expect(error.message).toContain('openai model "gpt-4o-mini"');
    expect(error.message).toContain("topK cannot be sent: the Chat Completions API has no top_k.");
    expect(error.message).toContain("providerOptions: { top_k: 40 }");
    expect(llm.requests).toHaveLength(0);
  });

  it("anthropic refuses seed and the penalties set in code", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    for (const [settings, name] of [
      [{ seed: 1 }, "seed"],
      [{ presencePenalty: 1 }, "presencePenalty"],
      [{ frequencyPenalty: 1 }, "frequencyPenalty"],
    ] as const) {
      const error = await providerError(anthropicModel(settings).generate(ask()));
      expect(error.code).toBe("PROVIDER_BAD_REQUEST");
      expect(error.message).toContain('anthropic model "claude-haiku-4-5"');
      expect(error.message).toContain(`${name} cannot be sent: the Messages API has no`);
    }
    expect(llm.requests).toHaveLength(0);
  });

  it("leaves out what dropUnsupported lists, with one process warning per API and key", async () => {
    const told = droppedWarnings();
    const llm = mockOpenAI([{ text: "a" }, { text: "b" }]);
    server.use(...llm.handlers);
    const model = openaiModel({ topK: 40, temperature: 0.3, dropUnsupported: ["topK"] });
    await model.generate(ask());
    await drain(model.stream(ask()));
    for (const request of llm.requests) {
      expect(request.body).not.toHaveProperty("top_k");
      expect(request.body.temperature).toBe(0.3);
    }
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('"topK" is left out of requests to the Chat Completions API');
  });

  it("keeps a listed providerOptions key only for an API that has the body field", async () => {
    droppedWarnings();
    const settings: ModelSettings = {
      providerOptions: { reasoning_effort: "low", metadata: { user_id: "u1" }, custom: 1 },
      dropUnsupported: ["reasoning_effort", "metadata"],
    };
    const openaiLLM = mockOpenAI([{ text: "ok" }]);
    const anthropicLLM = mockAnthropic([{ text: "ok" }]);
    server.use(...openaiLLM.handlers, ...anthropicLLM.handlers);
    await openaiModel(settings).generate(ask());
    await anthropicModel(settings).generate(ask());
    // Not listed: sent as given to both, as providerOptions always are.
    expect(openaiLLM.requests[0]?.body).toMatchObject({
      reasoning_effort: "low",
      metadata: { user_id: "u1" },
      custom: 1,
    });
    expect(anthropicLLM.requests[0]?.body).toMatchObject({
      metadata: { user_id: "u1" },
      custom: 1,
    });
    expect(anthropicLLM.requests[0]?.body).not.toHaveProperty("reasoning_effort");
  });
});

describe("checkModelSettings: the new settings", () => {
  it("accepts topK, the penalties and dropUnsupported within their rules", () => {
    expect(
      checkModelSettings({
        topK: 1,
        presencePenalty: -2,
        frequencyPenalty: 2,
        dropUnsupported: ["topK", "reasoning_effort"],
      }),
    ).toEqual([]);
  });

  it("refuses values out of range, each named", () => {
    const loose = (settings: Record<string, unknown>) => settings as ModelSettings;
    expect(
      checkModelSettings(
        loose({ topK: 0, presencePenalty: 2.5, frequencyPenalty: "1", dropUnsupported: "topK" }),
      ),
    ).toEqual([
      "topK must be a whole number ≥ 1; got 0.",
      "presencePenalty must be a finite number from -2 to 2; got 2.5.",
      'frequencyPenalty must be a finite number from -2 to 2; got "1".',
      'dropUnsupported must be a list of setting names or body fields; got "topK".',
    ]);
    expect(checkModelSettings({ topK: 2.5 })).toEqual([
      "topK must be a whole number ≥ 1; got 2.5.",
    ]);
  });

  it("refuses them when a model is made", () => {
    expect(() => openaiModel({ topK: -1 })).toThrow("topK must be a whole number ≥ 1; got -1.");
  });
});

describe("mergeSettings: dropUnsupported", () => {
  it("joins the model's list and the request's", () => {
    expect(
      mergeSettings({ dropUnsupported: ["topK", "seed"] }, { dropUnsupported: ["seed", "user"] })
        .dropUnsupported,
    ).toEqual(["topK", "seed", "user"]);
    expect(mergeSettings({}, { dropUnsupported: ["seed"] }).dropUnsupported).toEqual(["seed"]);
  });
});
