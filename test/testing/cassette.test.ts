import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { type Cassette, MockLLMError, mockAnthropic, mockOpenAI } from "alice-agents/testing";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ECHO_CREDENTIALS,
  type FakeUpstream,
  SECRET_CUSTOM_AUTH,
  SECRET_KEY,
  SECRET_ORG,
  SECRET_TOKEN,
  startFakeUpstream,
} from "./fake-upstream.ts";
import { anthropic, ask, askClaude, openai, useMockServer } from "./mock-server.ts";

const server = useMockServer();
const dir = mkdtempSync(join(tmpdir(), "alice-cassettes-"));
let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllEnvs());

function thrown(fn: () => void): MockLLMError {
  try {
    fn();
  } catch (error) {
    if (MockLLMError.isInstance(error)) return error;
    throw error;
  }
  return expect.unreachable("expected a MockLLMError");
}

/** The same conversation, run once while recording and once while replaying. */
async function openaiSession(client: OpenAI, wrongKeyClient: OpenAI) {
  const completion = await client.chat.completions.create(ask("hello"));
  const stream = client.chat.completions.stream({
    ...ask("stream it"),
    stream_options: { include_usage: true },
  });
  const streamed = await stream.finalChatCompletion();
  const rateLimited = await client.chat.completions
    .create(ask("rate limit me"))
    .catch((e: unknown) => e);
  const unauthorized = await wrongKeyClient.chat.completions
    .create(ask("hi"))
    .catch((e: unknown) => e);
  return { completion, streamed, rateLimited, unauthorized };
}

describe("record and replay (OpenAI)", () => {
  const cassette = join(dir, "openai", "session.json");
  let recorded: Awaited<ReturnType<typeof openaiSession>>;

  it("passes requests through to the real API while recording, and writes a readable cassette", async () => {
    const baseURL = `${upstream.origin}/v1`;
    const llm = mockOpenAI([], { baseURL, cassette, record: true });
    server.use(...llm.handlers);
    const wrongKey = "sk-wrong-SENTINEL-9876543210";
    recorded = await openaiSession(
      openai({ baseURL, apiKey: SECRET_KEY }),
      openai({ baseURL, apiKey: wrongKey }),
    );
    expect(recorded.completion.choices[0]?.message.content).toBe("Echo: hello 🎉");
    expect(recorded.streamed.choices[0]?.message.content).toBe("Echo: stream it 🎉");
    expect(recorded.streamed.usage?.total_tokens).toBe(13);
    expect(recorded.rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(upstream.hits).toBe(4);
    llm.assertComplete();

    const text = readFileSync(cassette, "utf8");
    for (const secret of [SECRET_KEY, wrongKey, SECRET_ORG, "SENTINELCOOKIE"])
      expect(text).not.toContain(secret);
    expect(text).toContain("Incorrect API key provided: [REDACTED].");
    const file = JSON.parse(text) as Cassette;
    expect(file).toMatchObject({ version: 1, provider: "openai" });
    expect(file.interactions.map((i) => i.response.status)).toEqual([200, 200, 429, 401]);
    const [json, sse] = file.interactions;
    expect(json?.request.body).toMatchObject({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(json?.request.headers.authorization).toBeUndefined();
    expect(json?.request.headers["user-agent"]).toMatch(/^OpenAI\/JS/);
    expect(json?.response.body).toMatchObject({ object: "chat.completion" });
    expect(sse?.response.events?.at(-1)).toEqual({ data: "[DONE]" });
    expect(sse?.response.events?.[1]?.data).toMatchObject({
      choices: [{ delta: { content: "Echo:" } }],
    });
  });

  it("replays the cassette without the real API, giving the SDK the same results", async () => {
    const llm = mockOpenAI([], { baseURL: `${upstream.origin}/v1`, cassette });
    server.use(...llm.handlers);
    const hits = upstream.hits;
    const url = `${upstream.origin}/v1`;
    const replayed = await openaiSession(
      openai({ baseURL: url, apiKey: "sk-other" }),
      openai({ baseURL: url, apiKey: "x" }),
    );
    expect(upstream.hits).toBe(hits);
    expect(replayed.completion).toEqual(recorded.completion);
    expect(replayed.streamed).toEqual(recorded.streamed);
    const [a, b] = [replayed.rateLimited, recorded.rateLimited] as InstanceType<
      typeof OpenAI.APIError
    >[];
    expect([a?.status, a?.requestID, a?.headers?.get("retry-after")]).toEqual([
      b?.status,
      b?.requestID,
      "7",
    ]);
    expect((replayed.unauthorized as Error).message).toContain("[REDACTED]");
    expect(llm.requests.map((r) => r.turn)).toEqual([0, 1, 2, 3]);
    llm.assertComplete();
  });

  it("fails a request that differs from the recorded one, naming the first difference", async () => {
    const llm = mockOpenAI([], { baseURL: `${upstream.origin}/v1`, cassette });
    server.use(...llm.handlers);
    const client = openai({ baseURL: `${upstream.origin}/v1` });
    await expect(client.chat.completions.create(ask("goodbye"))).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    const failure = thrown(() => llm.assertComplete());
    expect(failure.code).toBe("MOCK_TURN_MISMATCH");
    expect(failure.message).toContain(
      'differs from the recorded one at body.messages[0].content:\n  recorded: "hello"\n  received: "goodbye"',
    );
    expect(failure.message).toContain("re-record with ALICE_RECORD=1");
  });

  it("reports recorded interactions that were never requested", async () => {
    const unused = mockOpenAI([], { baseURL: `${upstream.origin}/v1`, cassette });
    server.use(...unused.handlers);
    await openai({ baseURL: `${upstream.origin}/v1` }).chat.completions.create(ask("hello"));
    const failure = thrown(() => unused.assertComplete());
    expect(failure.code).toBe("MOCK_TURNS_UNUSED");
    expect(failure.message).toContain("3 of 4 recorded interaction(s)");
  });
});

describe("record and replay (Anthropic)", () => {
  it("records with ALICE_RECORD=1 and replays streams and tool use", async () => {
    const cassette = join(dir, "anthropic.json");
    const baseURL = upstream.origin;
    vi.stubEnv("ALICE_RECORD", "1");
    const recorder = mockAnthropic([], { baseURL, cassette });
    server.use(...recorder.handlers);
    const client = anthropic({ baseURL, apiKey: SECRET_KEY });
    const message = await client.messages.create(askClaude("one"));
    const streamed = await client.messages.stream(askClaude("two")).finalMessage();
    expect(streamed.content).toMatchObject([
      { type: "text", text: "Echo: two" },
      { type: "tool_use", input: { q: "東京" } },
    ]);
    const text = readFileSync(cassette, "utf8");
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(SECRET_ORG);
    expect(text).toContain('"event": "message_start"');

    vi.stubEnv("ALICE_RECORD", "");
    server.resetHandlers();
    const player = mockAnthropic([], { baseURL, cassette });
    server.use(...player.handlers);
    const hits = upstream.hits;
    const replayClient = anthropic({ baseURL });
    expect(await replayClient.messages.create(askClaude("one"))).toEqual(message);
    expect(await replayClient.messages.stream(askClaude("two")).finalMessage()).toEqual(streamed);
    expect(upstream.hits).toBe(hits);
    player.assertComplete();
  });

  it("gives the SDK a connection error when the real API cannot be reached while recording", async () => {
    const llm = mockAnthropic([], {
      baseURL: "http://127.0.0.1:1",
      cassette: join(dir, "unreachable.json"),
      record: true,
    });
    server.use(...llm.handlers);
    await expect(
      anthropic({ baseURL: "http://127.0.0.1:1" }).messages.create(askClaude()),
    ).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });
});

describe("secrets while recording", () => {
  const credentials = [SECRET_KEY, SECRET_TOKEN, SECRET_CUSTOM_AUTH];
  /** Every form a credential could take in the file: as sent, URL-encoded, JSON-escaped. */
  const forms = (secret: string) => [secret, encodeURIComponent(secret), JSON.stringify(secret)];

  it("keeps custom credential headers, and credentials the API echoes in bodies, streams and headers, out of the cassette (OpenAI)", async () => {
    const cassette = join(dir, "echo-openai.json");
    const baseURL = `${upstream.origin}/v1`;
    const llm = mockOpenAI([], { baseURL, cassette, record: true });
    server.use(...llm.handlers);
    const client = openai({
      baseURL,
      apiKey: SECRET_KEY,
      defaultHeaders: { "x-api-token": SECRET_TOKEN, "x-custom-auth": SECRET_CUSTOM_AUTH },
      // A credential in a query parameter whose name does not say so: scrubbed by its value.
      defaultQuery: { tenant: SECRET_CUSTOM_AUTH },
    });
    const answer = await client.chat.completions.create(ask(ECHO_CREDENTIALS));
    // The live answer is the real one: the upstream saw every credential and echoed them.
    for (const secret of credentials) expect(answer.choices[0]?.message.content).toContain(secret);
    const stream = client.chat.completions.stream({ ...ask(ECHO_CREDENTIALS), stream: true });
    expect((await stream.finalChatCompletion()).choices[0]?.message.content).toContain(
      SECRET_TOKEN,
    );
    llm.assertComplete();

    const text = readFileSync(cassette, "utf8");
    for (const secret of credentials.flatMap(forms)) expect(text).not.toContain(secret);
    const file = JSON.parse(text) as Cassette;
    const [json, sse] = file.interactions;
    for (const name of ["authorization", "x-api-token", "x-custom-auth"])
      expect(json?.request.headers).not.toHaveProperty(name);
    expect(json?.request.headers["user-agent"]).toMatch(/^OpenAI\/JS/);
    expect(json?.response.headers["x-echo"]).toContain("x-api-token=[REDACTED]");
    expect(json?.response.headers["x-ratelimit-remaining-tokens"]).toBe("149990");
    expect(json?.request.url).toContain("tenant=[REDACTED]");
    expect(JSON.stringify(json?.response.body)).toContain("x-custom-auth=[REDACTED]");
    expect(JSON.stringify(sse?.response.events)).toContain("[REDACTED]");
  });

  it("keeps the key an Anthropic stream echoes out of the cassette", async () => {
    const cassette = join(dir, "echo-anthropic.json");
    const llm = mockAnthropic([], { baseURL: upstream.origin, cassette, record: true });
    server.use(...llm.handlers);
    const client = anthropic({
      baseURL: upstream.origin,
      apiKey: SECRET_KEY,
      defaultHeaders: { "x-api-token": SECRET_TOKEN },
    });
    const message = await client.messages.stream(askClaude(ECHO_CREDENTIALS)).finalMessage();
    expect(message.content[0]).toMatchObject({ text: expect.stringContaining(SECRET_TOKEN) });

    const text = readFileSync(cassette, "utf8");
    for (const secret of [SECRET_KEY, SECRET_TOKEN].flatMap(forms))
      expect(text).not.toContain(secret);
    // The SDK sends the key as x-api-key or, in recent versions, as a bearer authorization.
    expect(text).toMatch(
      /You sent (x-api-key|authorization)=\[REDACTED\] and x-api-token=\[REDACTED\]/,
    );
  });
});

describe("cassette problems", () => {
  it("throws MOCK_CASSETTE_INVALID at once when the cassette is missing, saying how to record it", () => {
    const error = thrown(() => mockOpenAI([], { cassette: join(dir, "nope.json") }));
    expect(error.code).toBe("MOCK_CASSETTE_INVALID");
    expect(error.message).toContain("ALICE_RECORD=1");
  });

  it("lists what is wrong in a malformed cassette", () => {
    const error = thrown(() =>
      mockOpenAI([], { cassette: new URL("./fixtures/malformed-cassette.json", import.meta.url) }),
    );
    expect(error.code).toBe("MOCK_CASSETTE_INVALID");
    expect(error.message).toContain("interactions.0.response.status");
    expect(error.message).toContain(
      "interactions.1.response: a response needs exactly one of body, text or events",
    );
  });

  it("refuses a cassette recorded for the other provider, and turns given with a cassette", () => {
    const path = join(dir, "other.json");
    writeFileSync(
      path,
      JSON.stringify({ version: 1, provider: "anthropic", recordedAt: "", interactions: [] }),
    );
    expect(thrown(() => mockOpenAI([], { cassette: path })).message).toContain(
      "recorded for anthropic, not openai",
    );
    expect(thrown(() => mockOpenAI([{ text: "x" }], { cassette: path })).message).toContain(
      "not both",
    );
  });

  it("replays a checked-in cassette, and fails a request beyond it", async () => {
    const llm = mockOpenAI([], {
      cassette: new URL("./fixtures/openai-hello.cassette.json", import.meta.url),
    });
    server.use(...llm.handlers);
    const completion = await openai().chat.completions.create(ask("hello"));
    expect(completion.choices[0]?.message.content).toBe("Echo: hello 🎉");
    llm.assertComplete();
    await expect(openai().chat.completions.create(ask("hello"))).rejects.toThrow(
      /the cassette holds only 1 interaction/,
    );
    expect(thrown(() => llm.assertComplete()).code).toBe("MOCK_UNEXPECTED_REQUEST");
  });
});
