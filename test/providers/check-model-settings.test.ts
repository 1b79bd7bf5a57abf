import { describe, expect, it } from "vitest";
import { checkModelSettings } from "../../src/providers/check-model-settings.ts";
import type { ModelSettings } from "../../src/providers/index.ts";

/** Settings as a JavaScript caller (or a YAML file) may pass them: not checked by TypeScript. */
const loose = (settings: Record<string, unknown>) => settings as ModelSettings;

describe("checkModelSettings", () => {
  it("accepts valid settings, and none at all", () => {
    expect(checkModelSettings({})).toEqual([]);
    expect(
      checkModelSettings({
        temperature: 0,
        topP: 1,
        maxOutputTokens: 1,
        seed: -7,
        maxRetries: 0,
        stopSequences: ["END"],
        toolChoice: { name: "get_weather" },
        parallelToolCalls: false,
        providerOptions: { reasoning_effort: "low" },
      }),
    ).toEqual([]);
    expect(checkModelSettings({ temperature: 2, toolChoice: "required" })).toEqual([]);
    expect(checkModelSettings(loose({ temperature: undefined }))).toEqual([]);
  });

  it("names the setting, the rule and the value of each problem", () => {
    expect(checkModelSettings({ maxRetries: -1 })).toEqual([
      "maxRetries must be a whole number ≥ 0; got -1.",
    ]);
    expect(checkModelSettings({ maxRetries: 1.5 })).toEqual([
      "maxRetries must be a whole number ≥ 0; got 1.5.",
    ]);
    expect(checkModelSettings({ temperature: 3 })).toEqual([
      "temperature must be a finite number from 0 to 2; got 3.",
    ]);
    expect(checkModelSettings({ topP: Number.NaN })).toEqual([
      "topP must be a finite number from 0 to 1; got NaN.",
    ]);
    expect(checkModelSettings({ maxOutputTokens: 0 })).toEqual([
      "maxOutputTokens must be a whole number ≥ 1; got 0.",
    ]);
    expect(checkModelSettings(loose({ seed: "42" }))).toEqual([
      'seed must be a whole number; got "42".',
    ]);
    expect(checkModelSettings(loose({ parallelToolCalls: "yes" }))).toEqual([
      'parallelToolCalls must be true or false; got "yes".',
    ]);
    expect(checkModelSettings(loose({ providerOptions: [1] }))).toEqual([
      "providerOptions must be an object of body fields; got [1].",
    ]);
  });

  it("checks every stop sequence and every shape of toolChoice", () => {
    expect(checkModelSettings(loose({ stopSequences: "END" }))).toEqual([
      'stopSequences must be a list of non-empty strings; got "END".',
    ]);
    expect(checkModelSettings(loose({ stopSequences: ["END", "", 3] }))).toEqual([
      'stopSequences[1] must be a non-empty string; got "".',
      "stopSequences[2] must be a non-empty string; got 3.",
    ]);
    const shape = '"auto", "none", "required" or { name: "<a tool\'s name>" }';
    expect(checkModelSettings(loose({ toolChoice: "any" }))).toEqual([
      `toolChoice must be ${shape}; got "any".`,
    ]);
    expect(checkModelSettings(loose({ toolChoice: { type: "tool", name: "x" } }))).toEqual([
      `toolChoice must be ${shape}; got {"type":"tool","name":"x"}.`,
    ]);
    expect(checkModelSettings(loose({ toolChoice: { name: "get weather!" } }))).toEqual([
      'toolChoice.name must be a tool name (1–64 letters, digits, "_" or "-"); got "get weather!".',
    ]);
  });

  it("lists every problem at once, a misspelt setting included", () => {
    const problems = checkModelSettings(
      loose({ temprature: 0.2, maxRetries: -1, maxOutputTokens: 0, frobnicate: true }),
    );
    expect(problems).toEqual([
      '"temprature" is not a model setting. Did you mean "temperature"?',
      expect.stringMatching(/^"frobnicate" is not a model setting\. Known: temperature, .*\.$/),
      "maxOutputTokens must be a whole number ≥ 1; got 0.",
      "maxRetries must be a whole number ≥ 0; got -1.",
    ]);
  });

  it("rejects settings that are not an object", () => {
    expect(checkModelSettings(null as unknown as ModelSettings)).toEqual([
      "model settings must be an object; got null.",
    ]);
  });
});
