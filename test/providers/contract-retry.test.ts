import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import type { RetryNotice } from "../../src/providers/language-model.ts";
import {
  ask,
  expectNoSecret,
  providerError,
  SECRET_KEY,
  useMockServer,
  wireHarnesses,
} from "./harness.ts";

const server = useMockServer();

describe.each(wireHarnesses)("$name: retries and errors", (h) => {
  it("waits the retry-after seconds of a 429, then succeeds on the second attempt", async () => {
    const llm = h.mock([
      { error: { status: 429, headers: { "retry-after": "0.2" } } },
      { text: "ok" },
    ]);
    server.use(...llm.handlers);
    const notices: RetryNotice[] = [];
    const started = performance.now();
    const response = await h.model().generate(ask(), { onRetry: (n) => notices.push(n) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(response.message.content).toBe("ok");
    expect(response.attempts).toBe(2);
    expect(llm.requests).toHaveLength(2);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ attempt: 1, delayMs: 200, source: "retry-after" });
    expect(notices[0]?.error).toMatchObject({ code: "PROVIDER_RATE_LIMIT", status: 429 });
    llm.assertComplete();
  });

  it("honours retry-after-ms: 0 before retry-after, the same on both providers", async () => {
    const llm = h.mock([
      { error: { status: 429, headers: { "retry-after-ms": "0", "retry-after": "30" } } },
      { text: "ok" },
    ]);
    server.use(...llm.handlers);
    const notices: RetryNotice[] = [];
    const response = await h.model().generate(ask(), { onRetry: (n) => notices.push(n) });
    expect(response.attempts).toBe(2);
    expect(notices[0]).toMatchObject({ delayMs: 0, source: "retry-after-ms" });
  });

  it("gives up after maxRetries with a typed, retryable error that keeps the SDK error", async () => {
    const llm = h.mock([
      { error: { status: 429 } },
      { error: { status: 429 } },
      { error: { status: 429 } },
    ]);
    server.use(...llm.handlers);
    const error = await providerError(h.model().generate(ask()));
    expect(error).toMatchObject({
      code: "PROVIDER_RATE_LIMIT",
      status: 429,
      requestId: "req_mock3",
      isRetryable: true,
      attempts: 3,
      provider: h.provider,
      model: h.modelId,
    });
    expect(error.cause).toBeInstanceOf(h.sdkError);
    expect(llm.requests).toHaveLength(3);
    expect(error.toJSON()).toMatchObject({ code: "PROVIDER_RATE_LIMIT", attempts: 3 });
  });

  it("retries a 500 and succeeds", async () => {
    const llm = h.mock([{ error: { status: 500 } }, { text: "recovered" }]);
    server.use(...llm.handlers);
    const response = await h.model().generate(ask());
    expect(response).toMatchObject({ message: { content: "recovered" }, attempts: 2 });
    expect(llm.requests).toHaveLength(2);
  });

  it.each([408, 409, 502, 503, 504, 529])("retries a %i", async (status) => {
    const llm = h.mock([{ error: { status } }, { text: "ok" }]);
    server.use(...llm.handlers);
    expect((await h.model().generate(ask())).attempts).toBe(2);
    expect(llm.requests).toHaveLength(2);
  });

  it("reports an overloaded provider (529 / 503) as PROVIDER_OVERLOADED once retries run out", async () => {
    const status = h.overloadedStatus;
    const llm = h.mock([{ error: { status } }, { error: { status } }]);
    server.use(...llm.handlers);
    const error = await providerError(h.model().generate(ask(), { maxRetries: 1 }));
    expect(error).toMatchObject({ code: "PROVIDER_OVERLOADED", status, attempts: 2 });
  });

  it("retries a dropped connection, then fails with PROVIDER_CONNECTION after the budget", async () => {
    const llm = h.mock([{ networkError: true }, { text: "back" }]);
    server.use(...llm.handlers);
    expect((await h.model().generate(ask())).attempts).toBe(2);
    const down = h.mock([{ networkError: true }, { networkError: true }, { networkError: true }]);
    server.use(...down.handlers);
    const error = await providerError(h.model().generate(ask()));
    expect(error).toMatchObject({ code: "PROVIDER_CONNECTION", isRetryable: true, attempts: 3 });
    expect(down.requests).toHaveLength(3);
  });

  it.each([
    [400, "PROVIDER_BAD_REQUEST"],
    [401, "PROVIDER_AUTHENTICATION"],
    [403, "PROVIDER_PERMISSION"],
    [404, "PROVIDER_NOT_FOUND"],
    [422, "PROVIDER_BAD_REQUEST"],
  ] as const)("fails at once on %i with %s", async (status, code) => {
    const llm = h.mock([{ error: { status } }]);
    server.use(...llm.handlers);
    const error = await providerError(h.model().generate(ask()));
    expect(error).toMatchObject({ code, status, isRetryable: false, attempts: 1 });
    expect(error.requestId).toBe("req_mock1");
    expect(llm.requests).toHaveLength(1);
  });

  it("recognises a context-length 400 as PROVIDER_CONTEXT_LENGTH", async () => {
    const llm = h.mock([
      {
        error: {
          status: 400,
          message: "prompt is too long: 250000 tokens > 200000 maximum",
          code: "context_length_exceeded",
        },
      },
    ]);
    server.use(...llm.handlers);
    const error = await providerError(h.model().generate(ask()));
    expect(error).toMatchObject({ code: "PROVIDER_CONTEXT_LENGTH", attempts: 1 });
    expect(error.message).toContain("prompt is too long");
  });

  it("obeys x-should-retry in both directions", async () => {
    const never = h.mock([{ error: { status: 503, headers: { "x-should-retry": "false" } } }]);
    server.use(...never.handlers);
    const error = await providerError(h.model().generate(ask()));
    expect(error).toMatchObject({ isRetryable: false, attempts: 1 });
    const always = h.mock([
      { error: { status: 400, headers: { "x-should-retry": "true" } } },
      { text: "ok" },
    ]);
    server.use(...always.handlers);
    expect((await h.model().generate(ask())).attempts).toBe(2);
  });

  it("does not block on a retry-after beyond the cap: fails at once with retryAfterMs", async () => {
    const llm = h.mock([{ error: { status: 429, headers: { "retry-after": "3600" } } }]);
    server.use(...llm.handlers);
    const started = performance.now();
    const error = await providerError(h.model().generate(ask()));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({
      code: "PROVIDER_RATE_LIMIT",
      isRetryable: true,
      retryAfterMs: 3_600_000,
      attempts: 1,
    });
    expect(error.message).toContain("maxRetryAfterMs");
  });

  it("does not retry a spent quota (402, insufficient_quota): PROVIDER_QUOTA_EXCEEDED", async () => {
    const llm = h.mock([{ error: { status: 402 } }]);
    server.use(...llm.handlers);
    const error = await providerError(h.model().generate(ask()));
    expect(error).toMatchObject({
      code: "PROVIDER_QUOTA_EXCEEDED",
      isRetryable: false,
      attempts: 1,
    });
    expect(llm.requests).toHaveLength(1);
  });

  it("takes maxRetries from the call over the model's settings", async () => {
    const once = h.mock([{ error: { status: 500 } }]);
    server.use(...once.handlers);
    const model = h.model({ settings: { maxRetries: 0 } });
    expect((await providerError(model.generate(ask()))).attempts).toBe(1);
    const twice = h.mock([{ error: { status: 500 } }, { text: "ok" }]);
    server.use(...twice.handlers);
    expect((await model.generate(ask(), { maxRetries: 1 })).attempts).toBe(2);
  });

  it("cuts a backoff wait short on abort: one attempt, the signal's reason, no waiting", async () => {
    const llm = h.mock([{ error: { status: 429, headers: { "retry-after-ms": "5000" } } }]);
    server.use(...llm.handlers);
    const controller = new AbortController();
    const reason = new Error("cancelled by user");
    const started = performance.now();
    const call = h
      .model()
      .generate(ask(), { signal: controller.signal, onRetry: () => controller.abort(reason) });
    await expect(call).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(llm.requests).toHaveLength(1);
  });

  it("rejects at once, sending nothing, when the signal is already aborted", async () => {
    const llm = h.mock([]);
    server.use(...llm.handlers);
    const reason = new Error("too late");
    await expect(h.model().generate(ask(), { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(llm.requests).toHaveLength(0);
  });

  it("times out an attempt after timeoutMs with a retryable PROVIDER_TIMEOUT", async () => {
    const llm = h.mock([{ text: "late", delayMs: 500 }]);
    server.use(...llm.handlers);
    const slow = h.model({ timeoutMs: 50, settings: { maxRetries: 0 } });
    const error = await providerError(slow.generate(ask()));
    expect(error).toMatchObject({ code: "PROVIDER_TIMEOUT", isRetryable: true, attempts: 1 });
  });

  it("leaves no abort listener on a long-lived signal after retried, streamed and failed calls", async () => {
    const llm = h.mock([
      { error: { status: 500 } },
      { text: "ok" },
      { text: "streamed", stream: { chunkBytes: 16 } },
      { error: { status: 401 } },
    ]);
    server.use(...llm.handlers);
    const { signal } = new AbortController();
    const model = h.model();
    await model.generate(ask(), { signal });
    for await (const _part of model.stream(ask(), { signal })) {
      // drain
    }
    await providerError(model.generate(ask(), { signal }));
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("never puts the API key in an error, even when the provider echoes it back", async () => {
    const llm = h.mock([
      { error: { status: 401, message: `Incorrect API key provided: ${SECRET_KEY}.` } },
    ]);
    server.use(...llm.handlers);
    const error = await providerError(h.model().generate(ask()));
    expect(error.code).toBe("PROVIDER_AUTHENTICATION");
    expect(error.message).toContain("Incorrect API key provided: [redacted]");
    expectNoSecret(error);
  });
});
