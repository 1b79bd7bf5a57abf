import Anthropic from "@anthropic-ai/sdk";
import { MockLLMError, mockAnthropic, mockOpenAI } from "alice-agents/testing";
import OpenAI from "openai";
import { describe, expect, it, vi } from "vitest";
import { anthropic, ask, askClaude, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();

function thrown(fn: () => void): MockLLMError {
  try {
    fn();
  } catch (error) {
    if (MockLLMError.isInstance(error)) return error;
    throw error;
  }
  return expect.unreachable("expected a MockLLMError");
}

const toolLoopOpenAI: OpenAI.ChatCompletionCreateParamsNonStreaming = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "What is 2 + 3?" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "add", arguments: '{"a":2,"b":3}' } },
      ],
    },
    { role: "tool", tool_call_id: "call_1", content: "5" },
  ],
  tools: [{ type: "function", function: { name: "add", parameters: { type: "object" } } }],
};

describe("the request log", () => {
  it("keeps each request's parsed body, headers, turn and a provider-neutral summary (OpenAI)", async () => {
    const llm = mockOpenAI([{ text: "The answer is 5" }]);
    server.use(...llm.handlers);
    await openai().chat.completions.create(toolLoopOpenAI);
    const [request] = llm.requests;
    expect(request).toMatchObject({
      index: 0,
      turn: 0,
      provider: "openai",
      method: "POST",
      url: "https://api.openai.com/v1/chat/completions",
      stream: false,
      model: "gpt-4o-mini",
      lastUserText: "What is 2 + 3?",
      toolNames: ["add"],
      toolResults: [{ toolCallId: "call_1", content: "5" }],
    });
    expect(request?.headers.authorization).toBe("Bearer [REDACTED]"); // sent, never shown
    expect(request?.body.messages).toEqual(toolLoopOpenAI.messages);
  });

  it("summarises Anthropic requests the same way (tool results inside user messages)", async () => {
    const llm = mockAnthropic([{ text: "The answer is 5" }]);
    server.use(...llm.handlers);
    await anthropic().messages.create({
      ...askClaude(),
      stream: true,
      tools: [{ name: "add", input_schema: { type: "object" } }],
      messages: [
        { role: "user", content: "What is 2 + 3?" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_1", name: "add", input: { a: 2, b: 3 } }],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "oops", is_error: true },
          ],
        },
      ],
    });
    expect(llm.requests[0]).toMatchObject({
      provider: "anthropic",
      stream: true,
      lastUserText: "What is 2 + 3?",
      toolNames: ["add"],
      toolResults: [{ toolCallId: "toolu_1", content: "oops", isError: true }],
    });
    expect(llm.requests[0]?.headers.authorization).toBe("Bearer [REDACTED]"); // sent, never shown
  });
});

describe("failing loudly", () => {
  it("answers a request beyond the script with an error that shows the request, and assertComplete throws it", async () => {
    const llm = mockOpenAI([{ text: "one" }]);
    server.use(...llm.handlers);
    await openai().chat.completions.create(ask("first"));
    const error = await openai()
      .chat.completions.create(ask("an extra question"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain(
      "request #2, but its script has only 1 scripted turn",
    );
    expect((error as Error).message).toContain('"an extra question"');
    expect(llm.requests[1]?.turn).toBeNull();
    const failure = thrown(() => llm.assertComplete());
    expect(failure.code).toBe("MOCK_UNEXPECTED_REQUEST");
    expect(failure.request?.lastUserText).toBe("an extra question");
    expect(llm.failures).toHaveLength(1);
  });

  it("does not let the SDK retry a request beyond the script", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    await expect(anthropic({ maxRetries: 2 }).messages.create(askClaude())).rejects.toBeInstanceOf(
      Anthropic.BadRequestError,
    );
    expect(llm.requests).toHaveLength(1);
  });

  it("throws MOCK_TURNS_UNUSED from assertComplete, naming the turns never requested", async () => {
    const llm = mockOpenAI([
      { text: "one" },
      { toolCalls: [{ name: "search", arguments: { q: "x" } }] },
    ]);
    server.use(...llm.handlers);
    await openai().chat.completions.create(ask());
    const failure = thrown(() => llm.assertComplete());
    expect(failure.code).toBe("MOCK_TURNS_UNUSED");
    expect(failure.message).toContain("1 of 2 scripted turns never requested (received 1 request)");
    expect(failure.message).toContain('turn 2: {"toolCalls":[{"name":"search"');
  });

  it("passes assertComplete when every turn was used", async () => {
    const llm = mockOpenAI([{ text: "one" }]);
    server.use(...llm.handlers);
    await openai().chat.completions.create(ask());
    expect(() => llm.assertComplete()).not.toThrow();
  });

  it("fails a request that does not satisfy its turn's match, showing the predicate and the request", async () => {
    const llm = mockOpenAI([{ text: "5", match: (r) => r.lastUserText.includes("2 + 3") }]);
    server.use(...llm.handlers);
    await expect(openai().chat.completions.create(ask("What is 7 * 6?"))).rejects.toThrow(
      /does not satisfy the turn's match/,
    );
    const failure = thrown(() => llm.assertComplete());
    expect(failure.code).toBe("MOCK_TURN_MISMATCH");
    expect(failure.message).toContain('r.lastUserText.includes("2 + 3")');
    expect(failure.message).toContain('last user message: "What is 7 * 6?"');
  });

  it("reports the message of a match that throws (so expect() works inside match)", async () => {
    const llm = mockOpenAI([
      {
        text: "ok",
        match: (r) => {
          expect(r.toolNames).toContain("search");
          return true;
        },
      },
    ]);
    server.use(...llm.handlers);
    await expect(openai().chat.completions.create(ask())).rejects.toThrow(/match threw/);
    expect(thrown(() => llm.assertComplete()).message).toContain("expected [] to include 'search'");
  });

  it("lists every failure when several requests failed", async () => {
    const llm = mockOpenAI([{ text: "a", match: () => false }]);
    server.use(...llm.handlers);
    await openai()
      .chat.completions.create(ask())
      .catch(() => undefined);
    await openai()
      .chat.completions.create(ask())
      .catch(() => undefined);
    const failure = thrown(() => llm.assertComplete());
    expect(failure.code).toBe("MOCK_TURN_MISMATCH");
    expect(failure.message).toContain("mockOpenAI failed 2 requests");
    expect(failure.message).toContain("does not satisfy the turn's match");
    expect(failure.message).toContain("request #2, but its script has only 1 scripted turn");
  });
});

describe("turn options", () => {
  it("answers from a function turn for content-dependent replies", async () => {
    const echo = (r: { lastUserText: string }) => ({ text: `You said: ${r.lastUserText}` });
    const llm = mockOpenAI([echo, echo]);
    server.use(...llm.handlers);
    const first = await openai().chat.completions.create(ask("hello"));
    const second = await openai().chat.completions.create({ ...ask("bye"), stream: true });
    let streamed = "";
    for await (const chunk of second) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(first.choices[0]?.message.content).toBe("You said: hello");
    expect(streamed).toBe("You said: bye");
  });

  it("waits delayMs before answering", async () => {
    const llm = mockAnthropic([{ text: "slow", delayMs: 80 }]);
    server.use(...llm.handlers);
    const started = performance.now();
    await anthropic().messages.create(askClaude());
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it("hangs with delayMs: Infinity until the client gives up", async () => {
    const llm = mockOpenAI([{ text: "never", delayMs: Number.POSITIVE_INFINITY }]);
    server.use(...llm.handlers);
    await expect(openai({ timeout: 50 }).chat.completions.create(ask())).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
  });
});

describe("options.baseURL", () => {
  it("answers an OpenAI-compatible server on another host and path, and only there", async () => {
    const baseURL = "http://127.0.0.1:11434/compat/v1";
    const llm = mockOpenAI([{ text: "local model" }], { baseURL });
    server.use(...llm.handlers);
    const completion = await openai({ baseURL }).chat.completions.create(ask());
    expect(completion.choices[0]?.message.content).toBe("local model");
    expect(llm.requests[0]?.url).toBe(`${baseURL}/chat/completions`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(openai().chat.completions.create(ask())).rejects.toBeInstanceOf(
      OpenAI.APIConnectionError,
    );
    expect(String(logged.mock.calls[0]?.[0])).toContain("without a matching request handler");
    logged.mockRestore();
    expect(llm.requests).toHaveLength(1);
  });

  it('matches any host with baseURL "*"', async () => {
    const llm = mockAnthropic([{ text: "a" }, { text: "b" }], { baseURL: "*" });
    server.use(...llm.handlers);
    await anthropic().messages.create(askClaude());
    await anthropic({ baseURL: "https://gateway.example.com/anthropic" }).messages.create(
      askClaude(),
    );
    expect(llm.requests.map((r) => r.url)).toEqual([
      "https://api.anthropic.com/v1/messages",
      "https://gateway.example.com/anthropic/v1/messages",
    ]);
  });
});
