import { MockLLMError, mockAnthropic, mockOpenAI } from "alice-agents/testing";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { anthropic, ask, askClaude, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();

// Obviously fake credentials: MSW answers every request, nothing leaves the machine.
const BEARER_KEY = "sk-test-bearer-0123456789abcdef";
const CUSTOM_TOKEN = "tok-test-custom-0123456789";
const SHORT_KEY = "k-1";

function thrown(fn: () => void): MockLLMError {
  try {
    fn();
  } catch (error) {
    if (MockLLMError.isInstance(error)) return error;
    throw error;
  }
  return expect.unreachable("expected a MockLLMError");
}

/** Everything a user could print or save of an error. */
function everythingIn(error: MockLLMError): string {
  return [JSON.stringify(error), String(error), error.message, error.stack ?? ""].join("\n");
}

const client = () =>
  openai({ apiKey: BEARER_KEY, defaultHeaders: { "x-api-token": CUSTOM_TOKEN } });

describe("credentials in what the kit throws and logs", () => {
  it("keeps the bearer key and a custom token out of a MockLLMError, its JSON and the SDK's error", async () => {
    const llm = mockOpenAI([]);
    server.use(...llm.handlers);
    const sdkError = await client()
      .chat.completions.create(ask("one question too many"))
      .catch((e: unknown) => e);
    expect(sdkError).toBeInstanceOf(OpenAI.BadRequestError);
    const error = thrown(() => llm.assertComplete());
    expect(error.code).toBe("MOCK_UNEXPECTED_REQUEST");
    expect(error.request?.lastUserText).toBe("one question too many");
    const seen = [everythingIn(error), String(sdkError), JSON.stringify(llm.failures)].join("\n");
    for (const secret of [BEARER_KEY, CUSTOM_TOKEN]) expect(seen).not.toContain(secret);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: "MOCK_UNEXPECTED_REQUEST",
      request: {
        headers: { authorization: "Bearer [REDACTED]", "x-api-token": "[REDACTED]" },
      },
    });
  });

  it("redacts a credential that reached a failure message through the request body or a match", async () => {
    const llm = mockOpenAI([
      {
        text: "never sent",
        match: () => {
          throw new Error(`the code under test sent ${CUSTOM_TOKEN}`);
        },
      },
    ]);
    server.use(...llm.handlers);
    await client()
      .chat.completions.create(ask(`my token is ${CUSTOM_TOKEN}, and my key ${BEARER_KEY}`))
      .catch(() => undefined);
    const error = thrown(() => llm.assertComplete());
    expect(error.code).toBe("MOCK_TURN_MISMATCH");
    expect(error.message).toContain("match threw: the code under test sent [REDACTED]");
    expect(error.message).toContain('last user message: "my token is [REDACTED], and my key');
    for (const secret of [BEARER_KEY, CUSTOM_TOKEN])
      expect(everythingIn(error)).not.toContain(secret);
    // The request log is the user's own record: its body is left as sent, so a test can still
    // catch code that leaks a key into a prompt.
    expect(llm.requests[0]?.lastUserText).toContain(CUSTOM_TOKEN);
  });

  it("lists several failures without their credentials", async () => {
    const llm = mockAnthropic([]);
    server.use(...llm.handlers);
    const claude = anthropic({
      apiKey: BEARER_KEY,
      defaultHeaders: { "x-custom-auth": CUSTOM_TOKEN },
    });
    for (const question of ["first", "second"])
      await claude.messages.create(askClaude(question)).catch(() => undefined);
    const error = thrown(() => llm.assertComplete());
    expect(error.message).toContain("failed 2 requests");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      request: { headers: { "x-custom-auth": "[REDACTED]" } },
    });
    for (const secret of [BEARER_KEY, CUSTOM_TOKEN])
      expect(everythingIn(error)).not.toContain(secret);
  });

  it("redacts a request given to MockLLMError directly", () => {
    const error = new MockLLMError("MOCK_TURN_MISMATCH", `request sent with ${CUSTOM_TOKEN}`, {
      request: {
        index: 0,
        turn: 0,
        provider: "openai",
        method: "POST",
        url: `https://api.example.test/v1/chat/completions?api_key=${CUSTOM_TOKEN}`,
        headers: { authorization: `Bearer ${BEARER_KEY}`, "x-session": "s" },
        body: { note: CUSTOM_TOKEN },
        stream: false,
        model: "m",
        lastUserText: "",
        toolNames: [],
        toolResults: [],
      },
    });
    expect(error.message).toBe("request sent with [REDACTED]");
    expect(error.request).toMatchObject({
      url: "https://api.example.test/v1/chat/completions?api_key=[REDACTED]",
      headers: { authorization: "Bearer [REDACTED]", "x-session": "[REDACTED]" },
      body: { note: "[REDACTED]" },
    });
    for (const secret of [BEARER_KEY, CUSTOM_TOKEN])
      expect(everythingIn(error)).not.toContain(secret);
  });
});

describe("the request log (llm.requests)", () => {
  it("shows which credential headers were sent, with their values redacted, however short", async () => {
    const llm = mockOpenAI([{ text: "hi" }]);
    server.use(...llm.handlers);
    await openai({
      apiKey: SHORT_KEY,
      defaultHeaders: { "x-api-token": CUSTOM_TOKEN, "x-custom-auth": SHORT_KEY },
    }).chat.completions.create(ask());
    const [request] = llm.requests;
    expect(request?.headers).toMatchObject({
      authorization: "Bearer [REDACTED]",
      "x-api-token": "[REDACTED]",
      "x-custom-auth": "[REDACTED]",
      "x-stainless-retry-count": "0",
    });
    const logged = JSON.stringify(llm.requests);
    for (const secret of [CUSTOM_TOKEN, `Bearer ${SHORT_KEY}`, `"${SHORT_KEY}"`])
      expect(logged).not.toContain(secret);
    llm.assertComplete();
  });

  it("gives turn functions and match the redacted headers too", async () => {
    const seen: Record<string, string>[] = [];
    const llm = mockOpenAI([
      (request) => {
        seen.push(request.headers);
        return { text: "ok", match: (r) => r.headers.authorization === "Bearer [REDACTED]" };
      },
    ]);
    server.use(...llm.handlers);
    await client().chat.completions.create(ask());
    llm.assertComplete();
    expect(seen[0]?.["x-api-token"]).toBe("[REDACTED]");
  });
});
