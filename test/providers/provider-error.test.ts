import { describe, expect, it } from "vitest";
import { AliceError } from "../../src/errors/alice-error.ts";
import { OptionsError } from "../../src/errors/errors.ts";
import { ProviderError } from "../../src/providers/provider-error.ts";

const failure = () =>
  new ProviderError("PROVIDER_SERVER", "boom", {
    provider: "openai",
    model: "m",
    isRetryable: true,
  });

describe("ProviderError.isInstance", () => {
  it("is true for a ProviderError, also from another copy of the package, and false otherwise", () => {
    expect(ProviderError.isInstance(failure())).toBe(true);
    // Another copy has its own class, but the same registered symbol marks its errors.
    const copy = { [Symbol.for("alice-agents.provider-error")]: true };
    expect(ProviderError.isInstance(copy)).toBe(true);
    expect(ProviderError.isInstance(new OptionsError("x", ["bad"]))).toBe(false);
    expect(ProviderError.isInstance(new Error("boom"))).toBe(false);
    expect(ProviderError.isInstance(null)).toBe(false);
    expect(ProviderError.isInstance("PROVIDER_SERVER")).toBe(false);
  });

  it("is an AliceError too, and isProviderError stays as the same check", () => {
    expect(AliceError.isInstance(failure())).toBe(true);
    expect(ProviderError.isProviderError(failure())).toBe(true);
    expect(ProviderError.isProviderError(new OptionsError("x", ["bad"]))).toBe(false);
  });
});
