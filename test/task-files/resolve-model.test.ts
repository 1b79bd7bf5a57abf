import { AliceError, resolveModel } from "alice-agents";
import { describe, expect, it } from "vitest";

describe("resolveModel", () => {
  it.each([
    ["gpt-4o", /^"gpt-4o" is not a model: write "provider:model"/],
    ["mistral:large", /^unknown provider "mistral" in "mistral:large": use openai:/],
  ])("refuses %j with an AliceError (OPTIONS_INVALID) saying what to write", async (spec, says) => {
    const error = await Promise.resolve(resolveModel(spec)).catch((e: unknown) => e);
    expect(AliceError.isInstance(error) && error.code).toBe("OPTIONS_INVALID");
    expect((error as Error).message).toMatch(says);
  });
});
