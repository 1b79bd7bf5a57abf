import Anthropic from "@anthropic-ai/sdk";
import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { anthropic, ask, askClaude, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();
const TEXT = "One two three four five six seven eight nine ten";

/** Reads a raw SSE body with fetch; `error` is set when the body broke off. */
async function rawStream(body: object, url = "https://api.openai.com/v1/chat/completions") {
  const response = await fetch(url, {
    method: "POST",
    body: JSON.stringify({ ...body, stream: true }),
  });
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    return { chunks, bytes: chunks.reduce((sum, c) => sum + c.length, 0), error: undefined };
  } catch (error) {
    return { chunks, bytes: chunks.reduce((sum, c) => sum + c.length, 0), error };
  }
}

async function contentOf(
  stream: AsyncIterable<OpenAI.ChatCompletionChunk>,
  into: string[],
): Promise<(string | null)[]> {
  const reasons: (string | null)[] = [];
  for await (const chunk of stream) {
    into.push(chunk.choices[0]?.delta.content ?? "");
    reasons.push(chunk.choices[0]?.finish_reason ?? null);
  }
  return reasons;
}

describe("stream.chunkBytes and chunkDelayMs", () => {
  it("delivers the body in chunks of at most chunkBytes", async () => {
    server.use(...mockOpenAI([{ text: TEXT, stream: { chunkBytes: 5 } }]).handlers);
    const { chunks, bytes } = await rawStream(ask());
    expect(chunks.every((c) => c.length <= 5)).toBe(true);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(bytes / 5) * 0.9);
  });

  it("waits chunkDelayMs between chunks", async () => {
    server.use(...mockOpenAI([{ text: "a b c d e", stream: { chunkDelayMs: 20 } }]).handlers);
    const started = performance.now();
    const { chunks } = await rawStream(ask());
    expect(performance.now() - started).toBeGreaterThanOrEqual((chunks.length - 1) * 20 - 5);
  });
});

describe("stream.errorAfterBytes: the connection breaks after that many bytes", () => {
  it("delivers exactly errorAfterBytes bytes, then fetch fails with a network error", async () => {
    server.use(
      ...mockOpenAI([{ text: TEXT, stream: { errorAfterBytes: 700, chunkBytes: 64 } }]).handlers,
    );
    const { bytes, error } = await rawStream(ask());
    expect(bytes).toBe(700);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("terminated");
  });

  it("openai: raw iteration yields the frames before the break, then throws", async () => {
    server.use(...mockOpenAI([{ text: TEXT, stream: { errorAfterBytes: 700 } }]).handlers);
    const text: string[] = [];
    const stream = await openai().chat.completions.create({ ...ask(), stream: true });
    await expect(contentOf(stream, text)).rejects.toThrow("terminated");
    expect(text.join("")).not.toBe("");
    expect(TEXT.startsWith(text.join(""))).toBe(true);
  });

  it("anthropic: the stream helper rejects after the text before the break", async () => {
    server.use(...mockAnthropic([{ text: TEXT, stream: { errorAfterBytes: 900 } }]).handlers);
    const stream = anthropic().messages.stream(askClaude());
    const text: string[] = [];
    stream.on("text", (delta) => text.push(delta));
    await expect(stream.finalMessage()).rejects.toThrow("terminated");
    expect(text.join("")).not.toBe("");
    expect(TEXT.startsWith(text.join(""))).toBe(true);
  });

  it("errorAfterBytes: 0 is a connection error for both SDKs", async () => {
    server.use(
      ...mockOpenAI([{ text: TEXT, stream: { errorAfterBytes: 0 } }]).handlers,
      ...mockAnthropic([{ text: TEXT, stream: { errorAfterBytes: 0 } }]).handlers,
    );
    await expect(
      openai().chat.completions.create({ ...ask(), stream: true }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    await expect(
      anthropic().messages.create({ ...askClaude(), stream: true }),
    ).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it("also breaks a non-streaming JSON body", async () => {
    server.use(...mockOpenAI([{ text: TEXT, stream: { errorAfterBytes: 40 } }]).handlers);
    await expect(openai().chat.completions.create(ask())).rejects.toThrow("terminated");
  });
});

describe("stream.endWithoutDone", () => {
  it("openai: the stream ends cleanly with all text but no finish_reason; the accumulator refuses it", async () => {
    server.use(
      ...mockOpenAI([
        { text: TEXT, stream: { endWithoutDone: true } },
        { text: TEXT, stream: { endWithoutDone: true } },
      ]).handlers,
    );
    const text: string[] = [];
    const reasons = await contentOf(
      await openai().chat.completions.create({ ...ask(), stream: true }),
      text,
    );
    expect(text.join("")).toBe(TEXT);
    expect(reasons.every((r) => r === null)).toBe(true);
    await expect(openai().chat.completions.stream(ask()).finalChatCompletion()).rejects.toThrow(
      /missing finish_reason/,
    );
  });

  it("anthropic: no message_delta or message_stop arrives; the accumulator refuses it", async () => {
    server.use(
      ...mockAnthropic([
        { text: TEXT, stream: { endWithoutDone: true } },
        { text: TEXT, stream: { endWithoutDone: true } },
      ]).handlers,
    );
    const types: string[] = [];
    for await (const event of await anthropic().messages.create({ ...askClaude(), stream: true }))
      types.push(event.type);
    expect(types).toContain("content_block_stop");
    expect(types).not.toContain("message_delta");
    expect(types).not.toContain("message_stop");
    await expect(anthropic().messages.stream(askClaude()).finalMessage()).rejects.toThrow(
      /stream ended without producing a Message/,
    );
  });
});

describe("stream.stallAfterBytes", () => {
  it("openai: goes silent after the bytes until the client aborts", async () => {
    server.use(...mockOpenAI([{ text: TEXT, stream: { stallAfterBytes: 600 } }]).handlers);
    const controller = new AbortController();
    const stream = openai().chat.completions.stream(ask(), { signal: controller.signal });
    const text: string[] = [];
    stream.on("content", (delta) => text.push(delta));
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
    expect(text.join("")).not.toBe("");
  });

  it("anthropic: goes silent after the bytes until the client aborts", async () => {
    server.use(...mockAnthropic([{ text: TEXT, stream: { stallAfterBytes: 900 } }]).handlers);
    const controller = new AbortController();
    const stream = anthropic().messages.stream(askClaude(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
  });
});

describe("client aborts", () => {
  it("ends a slow stream the client aborts half-way, with nothing left running", async () => {
    const llm = mockOpenAI([{ text: TEXT, stream: { chunkDelayMs: 10 } }]);
    server.use(...llm.handlers);
    const controller = new AbortController();
    const stream = openai().chat.completions.stream(ask(), { signal: controller.signal });
    const text: string[] = [];
    stream.on("content", (delta) => {
      text.push(delta);
      if (text.length === 3) controller.abort();
    });
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(text).toHaveLength(3);
    llm.assertComplete();
  });
});

describe("stream.errorEvent.afterEvents", () => {
  it("can put the provider's error first, before any content", async () => {
    server.use(
      ...mockAnthropic([
        {
          text: TEXT,
          stream: { errorEvent: { afterEvents: 0, type: "api_error", message: "boom" } },
        },
      ]).handlers,
    );
    const error = await anthropic()
      .messages.stream(askClaude())
      .finalMessage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain("boom");
  });
});
