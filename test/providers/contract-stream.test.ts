import { describe, expect, it } from "vitest";
import type { ToolSpec } from "../../src/providers/language-model.ts";
import {
  ask,
  drain,
  finishOf,
  MULTIBYTE,
  providerError,
  RAW_ARGUMENTS,
  textOf,
  useMockServer,
  wireHarnesses,
} from "./harness.ts";

const server = useMockServer();

const weather: ToolSpec = {
  name: "get_weather",
  description: "Weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } } },
};

describe.each(wireHarnesses)("$name: stream()", (h) => {
  it("yields text deltas, then one finish with the whole answer, usage and request id", async () => {
    const llm = h.mock([
      {
        text: "The answer is five",
        usage: { inputTokens: 42, outputTokens: 7, cachedInputTokens: 40 },
      },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(h.model().stream(ask()));
    expect(error).toBeUndefined();
    expect(parts.filter((p) => p.type === "text-delta").length).toBeGreaterThan(1);
    expect(textOf(parts)).toBe("The answer is five");
    expect(finishOf(parts)).toMatchObject({
      message: {
        role: "assistant",
        content: "The answer is five",
        usage: { inputTokens: 42, outputTokens: 7, cachedInputTokens: 40 },
        model: h.modelId,
        finishReason: "stop",
      },
      requestId: "req_mock1",
      attempts: 1,
    });
    expect(llm.requests[0]?.stream).toBe(true);
    llm.assertComplete();
  });

  it.each([1, 2, 3, 5, 7])(
    "reassembles text and tool arguments exactly from %i-byte chunks",
    async (chunkBytes) => {
      const llm = h.mock([
        {
          text: MULTIBYTE,
          toolCalls: [
            { id: "call_a", name: "get_weather", arguments: RAW_ARGUMENTS },
            { id: "call_b", name: "get_weather", arguments: '{"city":"好"}' },
          ],
          stream: { chunkBytes },
        },
      ]);
      server.use(...llm.handlers);
      const { parts, error } = await drain(h.model().stream(ask("hi", { tools: [weather] })));
      expect(error).toBeUndefined();
      expect(textOf(parts)).toBe(MULTIBYTE);
      const calls = parts.flatMap((p) => (p.type === "tool-call" ? [p.toolCall] : []));
      expect(calls).toEqual([
        { id: "call_a", name: "get_weather", arguments: RAW_ARGUMENTS },
        { id: "call_b", name: "get_weather", arguments: '{"city":"好"}' },
      ]);
      const deltas = parts.flatMap((p) => (p.type === "tool-call-delta" ? [p] : []));
      expect(
        deltas
          .filter((d) => d.toolCallId === "call_a")
          .map((d) => d.argumentsDelta)
          .join(""),
      ).toBe(RAW_ARGUMENTS);
      const response = finishOf(parts);
      expect(response.message.content).toBe(MULTIBYTE);
      expect(response.message.toolCalls).toEqual(calls);
      expect(response.message.finishReason).toBe("tool-calls");
      expect(JSON.stringify(parts)).not.toContain("\uFFFD");
    },
  );

  it("fails with PROVIDER_STREAM_ERROR on an error event after output, and does not replay it", async () => {
    const llm = h.mock([
      { text: "Hello there friend", stream: { errorEvent: { type: "overloaded_error" } } },
      { text: "never sent" },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(h.model().stream(ask()));
    expect(textOf(parts)).toBe("Hello there friend");
    expect(parts.some((p) => p.type === "finish")).toBe(false);
    const failure = await providerError(Promise.reject(error));
    expect(failure.code).toBe("PROVIDER_STREAM_ERROR");
    expect(failure.providerErrorType).toBe("overloaded_error");
    expect(failure.status).toBeUndefined();
    expect(failure.attempts).toBe(1);
    expect(failure.cause).toBeInstanceOf(h.sdkError);
    expect(llm.requests).toHaveLength(1);
  });

  it("retries an error event that comes before any output, transparently", async () => {
    const llm = h.mock([
      { text: "lost", stream: { errorEvent: { afterEvents: 0, type: "overloaded_error" } } },
      { text: "Second try" },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(h.model().stream(ask()));
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe("Second try");
    expect(finishOf(parts).attempts).toBe(2);
    expect(llm.requests).toHaveLength(2);
  });

  it("treats a stream that ends without its terminal events as an error, not a short answer", async () => {
    const llm = h.mock([{ text: "Cut off here", stream: { endWithoutDone: true } }, { text: "x" }]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(h.model().stream(ask()));
    expect(textOf(parts)).toBe("Cut off here");
    expect(parts.some((p) => p.type === "finish")).toBe(false);
    const failure = await providerError(Promise.reject(error));
    expect(failure.code).toBe("PROVIDER_STREAM_ERROR");
    expect(failure.message).toContain("ended before");
    expect(llm.requests).toHaveLength(1);
  });

  it("fails with PROVIDER_STREAM_ERROR when the connection breaks after output", async () => {
    const llm = h.mock([
      {
        text: "One two three four five six",
        stream: { errorAfterBytes: h.faultOffset.errorAfterBytes, chunkBytes: 50 },
      },
      { text: "x" },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(h.model().stream(ask()));
    expect(textOf(parts)).not.toBe("");
    const failure = await providerError(Promise.reject(error));
    expect(failure.code).toBe("PROVIDER_STREAM_ERROR");
    expect(failure.message).toContain("not replayed");
    expect(llm.requests).toHaveLength(1);
  });

  it("retries a stream that stalls before any output once streamIdleTimeoutMs passes", async () => {
    const llm = h.mock([{ text: "never", stream: { stallAfterBytes: 0 } }, { text: "second" }]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(h.model({ streamIdleTimeoutMs: 80 }).stream(ask()));
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe("second");
    expect(finishOf(parts).attempts).toBe(2);
  });

  it("ends a stream that stalls after output with PROVIDER_STREAM_ERROR, not a hang", async () => {
    const llm = h.mock([
      {
        text: "One two three four five six seven",
        stream: { stallAfterBytes: h.faultOffset.stallAfterBytes },
      },
    ]);
    server.use(...llm.handlers);
    const started = performance.now();
    const { parts, error } = await drain(h.model({ streamIdleTimeoutMs: 80 }).stream(ask()));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(textOf(parts)).not.toBe("");
    const failure = await providerError(Promise.reject(error));
    expect(failure.code).toBe("PROVIDER_STREAM_ERROR");
    expect(failure.message).toContain("no data arrived for 80 ms");
    expect(llm.requests).toHaveLength(1);
  });

  it("retries HTTP errors before the stream starts, with exact attempt counts", async () => {
    const llm = h.mock([
      { error: { status: 429 } },
      { error: { status: 500 } },
      { text: "finally" },
    ]);
    server.use(...llm.handlers);
    const { parts, error } = await drain(h.model().stream(ask()));
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe("finally");
    expect(finishOf(parts)).toMatchObject({ attempts: 3, requestId: "req_mock3" });
    expect(llm.requests).toHaveLength(3);
  });

  it("stops at once when aborted mid-stream, rejecting with the signal's reason", async () => {
    const llm = h.mock([{ text: "a b c d e f g h i j k l", stream: { chunkDelayMs: 30 } }]);
    server.use(...llm.handlers);
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    const seen: string[] = [];
    const started = performance.now();
    const run = (async () => {
      for await (const part of h.model().stream(ask(), { signal: controller.signal })) {
        if (part.type === "text-delta") {
          seen.push(part.delta);
          controller.abort(reason);
        }
      }
    })();
    await expect(run).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(llm.requests).toHaveLength(1);
  });

  it("closes the request when the consumer stops reading early", async () => {
    const llm = h.mock([
      { text: "a b c d e f g h", stream: { chunkDelayMs: 20 } },
      { text: "next" },
    ]);
    server.use(...llm.handlers);
    const model = h.model();
    for await (const part of model.stream(ask())) {
      if (part.type === "text-delta") break;
    }
    const next = await model.generate(ask());
    expect(next.message.content).toBe("next");
    expect(llm.requests).toHaveLength(2);
  });
});
