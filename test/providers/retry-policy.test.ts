import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/providers/provider-error.ts";
import { parseRetryAfter } from "../../src/providers/retry-after.ts";
import {
  backoffDelay,
  DEFAULT_RETRY,
  resolveRetryOptions,
  retryDelay,
} from "../../src/providers/retry-policy.ts";

const NOW = Date.parse("2026-05-01T12:00:00Z");
const headers = (init: Record<string, string>) => new Headers(init);
const rateLimited = (retryAfterMs?: number) =>
  new ProviderError("PROVIDER_RATE_LIMIT", "429", {
    provider: "openai",
    model: "m",
    isRetryable: true,
    retryAfterMs,
  });

describe("parseRetryAfter", () => {
  it("reads retry-after-ms first (0 included), then retry-after seconds, then an HTTP date", () => {
    expect(parseRetryAfter(headers({ "retry-after-ms": "0", "retry-after": "5" }))).toEqual({
      ms: 0,
      source: "retry-after-ms",
    });
    expect(parseRetryAfter(headers({ "retry-after-ms": "12.5" }))?.ms).toBe(12.5);
    expect(parseRetryAfter(headers({ "retry-after": "2" }))).toEqual({
      ms: 2000,
      source: "retry-after",
    });
    const date = new Date(NOW + 3000).toUTCString();
    expect(parseRetryAfter(headers({ "retry-after": date }), NOW)).toEqual({
      ms: 3000,
      source: "retry-after",
    });
  });

  it("ignores missing and unusable values", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(
      parseRetryAfter(headers({ "retry-after-ms": "soon", "retry-after": "never" })),
    ).toBeUndefined();
    expect(parseRetryAfter(headers({ "retry-after-ms": "-5", "retry-after": "1" }))?.ms).toBe(1000);
    expect(
      parseRetryAfter(headers({ "retry-after": new Date(NOW - 9000).toUTCString() }), NOW)?.ms,
    ).toBe(0);
  });
});

describe("retry delays", () => {
  const timings = resolveRetryOptions();

  it("defaults to 2 retries, 0.5 s doubling to 8 s, 25% jitter, a 60 s cap on retry-after", () => {
    expect(DEFAULT_RETRY).toEqual({
      maxRetries: 2,
      minDelayMs: 500,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
      jitter: 0.25,
    });
  });

  it("backs off exponentially up to maxDelayMs, jitter only shortening the wait", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, timings, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect(backoffDelay(1, timings, () => 0.999)).toBe(375);
  });

  it("waits exactly the provider's hint, and refuses one beyond maxRetryAfterMs", () => {
    expect(retryDelay(rateLimited(1500), 1, timings)).toEqual({
      delayMs: 1500,
      source: "retry-after",
    });
    expect(retryDelay(rateLimited(60_000), 1, timings)?.delayMs).toBe(60_000);
    expect(retryDelay(rateLimited(60_001), 1, timings)).toBeUndefined();
    expect(retryDelay(rateLimited(), 2, timings)?.source).toBe("backoff");
  });
});
