import Anthropic from "@anthropic-ai/sdk";
import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { anthropic, ask, askClaude, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the request should have failed"),
    (error: unknown) => error,
  );
}

describe("scripted HTTP errors through the openai SDK", () => {
  it("gives a RateLimitError with the provider's body, request id and a 1 ms retry hint", async () => {
    const llm = mockOpenAI([{ error: { status: 429 } }]);
    server.use(...llm.handlers);
    const error = await rejection(openai().chat.completions.create(ask()));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const e = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.code).toBe("rate_limit_exceeded");
    expect(e.type).toBe("requests");
    expect(e.requestID).toBe("req_mock1");
    expect(e.headers?.get("retry-after-ms")).toBe("1");
    expect(e.message).toContain("Rate limit reached");
  });

  it("sends the turn's headers and fields instead of the defaults", async () => {
    const llm = mockOpenAI([
      {
        error: {
          status: 429,
          type: "insufficient_quota",
          code: "insufficient_quota",
          message: "You exceeded your current quota.",
          headers: { "retry-after": "2", "x-should-retry": "false", "x-request-id": "req_quota" },
        },
      },
    ]);
    server.use(...llm.handlers);
    const e = (await rejection(openai().chat.completions.create(ask()))) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(e.code).toBe("insufficient_quota");
    expect(e.message).toContain("You exceeded your current quota.");
    expect(e.requestID).toBe("req_quota");
    expect(e.headers?.get("retry-after")).toBe("2");
    expect(e.headers?.get("retry-after-ms")).toBeNull();
    expect(e.headers?.get("x-should-retry")).toBe("false");
  });

  it.each([
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [404, OpenAI.NotFoundError],
    [500, OpenAI.InternalServerError],
    [503, OpenAI.InternalServerError],
  ])("maps status %s to the SDK's error class", async (status, errorClass) => {
    const llm = mockOpenAI([{ error: { status } }]);
    server.use(...llm.handlers);
    const error = await rejection(openai().chat.completions.create(ask()));
    expect(error).toBeInstanceOf(errorClass);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: expect.any(String),
      param: null,
    });
  });

  it("sends a raw non-JSON body, like a proxy's HTML error page", async () => {
    const html = "<html><body>502 Bad Gateway</body></html>";
    const llm = mockOpenAI([
      { error: { status: 502, body: html, headers: { "content-type": "text/html" } } },
    ]);
    server.use(...llm.handlers);
    const e = (await rejection(openai().chat.completions.create(ask()))) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(e.status).toBe(502);
    expect(e.headers?.get("content-type")).toBe("text/html");
    expect(e.message).toContain("502 Bad Gateway");
  });

  it("lets the SDK's own retries run in milliseconds (429, 500, then an answer)", async () => {
    const llm = mockOpenAI([
      { error: { status: 429 } },
      { error: { status: 500 } },
      { text: "finally" },
    ]);
    server.use(...llm.handlers);
    const started = performance.now();
    const completion = await openai({ maxRetries: 2 }).chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe("finally");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(llm.requests.map((r) => r.headers["x-stainless-retry-count"])).toEqual(["0", "1", "2"]);
    llm.assertComplete();
  });

  it("stops the SDK from retrying with x-should-retry: false", async () => {
    const llm = mockOpenAI([{ error: { status: 503, headers: { "x-should-retry": "false" } } }]);
    server.use(...llm.handlers);
    await expect(openai({ maxRetries: 2 }).chat.completions.create(ask())).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
    expect(llm.requests).toHaveLength(1);
  });

  it("fails the request at the network level with networkError", async () => {
    const llm = mockOpenAI([{ networkError: true }]);
    server.use(...llm.handlers);
    await expect(openai().chat.completions.create(ask())).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
  });

  it("sends an in-band error frame mid-stream, after partial text", async () => {
    const llm = mockOpenAI([
      {
        text: "Hello there friend",
        stream: { errorEvent: { message: "The server had an error" } },
      },
    ]);
    server.use(...llm.handlers);
    const text: string[] = [];
    const stream = await openai().chat.completions.create({ ...ask(), stream: true });
    const error = await rejection(
      (async () => {
        for await (const chunk of stream) text.push(chunk.choices[0]?.delta.content ?? "");
      })(),
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain("The server had an error");
    expect(text.join("")).toBe("Hello there friend");
  });
});

describe("scripted HTTP errors through the @anthropic-ai/sdk", () => {
  it("gives an OverloadedError for 529 with the whole error body and the request id", async () => {
    const llm = mockAnthropic([{ error: { status: 529 } }]);
    server.use(...llm.handlers);
    const error = await rejection(anthropic().messages.create(askClaude()));
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as Error).constructor.name).toBe("OverloadedError");
    const e = error as InstanceType<typeof Anthropic.APIError>;
    expect(e.status).toBe(529);
    expect(e.requestID).toBe("req_mock1");
    expect(e.error).toEqual({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
      request_id: "req_mock1",
    });
    expect(e.headers?.get("retry-after-ms")).toBe("1");
  });

  it.each([
    [400, Anthropic.BadRequestError, "invalid_request_error"],
    [401, Anthropic.AuthenticationError, "authentication_error"],
    [429, Anthropic.RateLimitError, "rate_limit_error"],
    [500, Anthropic.InternalServerError, "api_error"],
  ])("maps status %s to the SDK's error class and error type", async (status, errorClass, type) => {
    const llm = mockAnthropic([{ error: { status, headers: { "request-id": "req_custom" } } }]);
    server.use(...llm.handlers);
    const error = await rejection(anthropic().messages.create(askClaude()));
    expect(error).toBeInstanceOf(errorClass);
    const e = error as InstanceType<typeof Anthropic.APIError>;
    expect(e.requestID).toBe("req_custom");
    expect(e.error).toMatchObject({ type: "error", error: { type } });
  });

  it("lets the SDK retry a 529 then answer", async () => {
    const llm = mockAnthropic([{ error: { status: 529 } }, { text: "ok" }]);
    server.use(...llm.handlers);
    const message = await anthropic({ maxRetries: 1 }).messages.create(askClaude());
    expect(message.content).toMatchObject([{ type: "text", text: "ok" }]);
    expect(llm.requests.map((r) => r.headers["x-stainless-retry-count"])).toEqual(["0", "1"]);
  });

  it("fails the request at the network level with networkError", async () => {
    const llm = mockAnthropic([{ networkError: true }]);
    server.use(...llm.handlers);
    await expect(anthropic().messages.create(askClaude())).rejects.toBeInstanceOf(
      Anthropic.APIConnectionError,
    );
  });

  it("sends an `event: error` frame mid-stream, after partial text", async () => {
    const llm = mockAnthropic([{ text: "Hello there friend", stream: { errorEvent: {} } }]);
    server.use(...llm.handlers);
    const stream = anthropic().messages.stream(askClaude());
    const text: string[] = [];
    stream.on("text", (delta) => text.push(delta));
    const error = await rejection(stream.finalMessage());
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain("Overloaded");
    expect(text.join("")).toBe("Hello there friend");
  });
});
