import { mockOpenAI } from "alice-agents/testing";
import { HttpResponse, http } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOpenAI, openai } from "../../src/providers/openai/index.ts";
import { ask, drain, finishOf, providerError, useMockServer } from "./harness.ts";

const server = useMockServer();

const LOCAL = "http://127.0.0.1:11434/v1";
const ENV = ["OPENAI_API_KEY", "OPENAI_BASE_URL"] as const;
let saved: Record<string, string | undefined> = {};

beforeEach(() => {
  saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  for (const name of ENV) delete process.env[name];
});
afterEach(() => {
  for (const name of ENV) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Answers Chat Completions at `baseURL` like a local server, recording the headers it got. */
function localServer(baseURL: string, status = 200) {
  const headers: Headers[] = [];
  const handler = http.post(`${baseURL}/chat/completions`, ({ request }) => {
    headers.push(request.headers);
    if (status !== 200) {
      return HttpResponse.json({ error: { message: "missing key" } }, { status });
    }
    return HttpResponse.json({
      id: "chatcmpl-local",
      object: "chat.completion",
      created: 1,
      model: "llama3.1",
      choices: [{ index: 0, message: { role: "assistant", content: "4" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    });
  });
  server.use(handler);
  return { headers };
}

describe("openai: a local or compatible server needs no API key", () => {
  it("the default instance calls OPENAI_BASE_URL without OPENAI_API_KEY, sending no Authorization", async () => {
    process.env.OPENAI_BASE_URL = LOCAL;
    const local = localServer(LOCAL);
    const response = await openai("llama3.1").generate(ask());
    expect(response.message).toMatchObject({ content: "4", finishReason: "stop" });
    expect(local.headers).toHaveLength(1);
    expect(local.headers[0]?.has("authorization")).toBe(false);
  });

  it("streams from a baseURL option without a key", async () => {
    const llm = mockOpenAI([{ text: "four" }], { baseURL: LOCAL });
    server.use(...llm.handlers);
    const { parts, error } = await drain(
      createOpenAI({ baseURL: LOCAL, name: "ollama" })("llama3.1").stream(ask()),
    );
    expect(error).toBeUndefined();
    expect(finishOf(parts).message.content).toBe("four");
    expect(llm.requests).toHaveLength(1);
  });

  it("still sends an Authorization header given in `headers`", async () => {
    const local = localServer(LOCAL);
    const model = createOpenAI({ baseURL: LOCAL, headers: { Authorization: "Basic Z3Vlc3Q=" } });
    await model("llama3.1").generate(ask());
    expect(local.headers[0]?.get("authorization")).toBe("Basic Z3Vlc3Q=");
  });

  it("says no key was sent when such a server answers 401", async () => {
    localServer(LOCAL, 401);
    const error = await providerError(createOpenAI({ baseURL: LOCAL })("llama3.1").generate(ask()));
    expect(error.code).toBe("PROVIDER_AUTHENTICATION");
    expect(error.message).toContain("No API key was sent");
    expect(error.message).toContain("OPENAI_API_KEY");
  });

  it.each([
    ["no base URL", undefined],
    ["the OpenAI API as OPENAI_BASE_URL", "https://api.openai.com/v1"],
  ])("fails with PROVIDER_MISSING_API_KEY, sending nothing, for %s", async (_name, baseURL) => {
    if (baseURL !== undefined) process.env.OPENAI_BASE_URL = baseURL;
    const llm = mockOpenAI([]);
    server.use(...llm.handlers);
    const error = await providerError(openai("gpt-4o-mini").generate(ask()));
    expect(error).toMatchObject({ code: "PROVIDER_MISSING_API_KEY", attempts: 0 });
    expect(error.message).toBe(
      'openai model "gpt-4o-mini": no API key. Pass the apiKey option or OPENAI_API_KEY. A server at another baseURL / OPENAI_BASE_URL (Ollama, vLLM, LM Studio) needs none.',
    );
    expect(llm.requests).toHaveLength(0);
  });

  it("uses a key set later, once there is one", async () => {
    const model = createOpenAI({ baseURL: LOCAL })("llama3.1");
    const local = localServer(LOCAL);
    await model.generate(ask());
    process.env.OPENAI_API_KEY = "sk-local-proxy-key-0001";
    await model.generate(ask());
    expect(local.headers.map((h) => h.get("authorization"))).toEqual([
      null,
      "Bearer sk-local-proxy-key-0001",
    ]);
  });

  it("fails clearly when OPENAI_BASE_URL is not a URL", async () => {
    process.env.OPENAI_BASE_URL = "localhost:11434";
    process.env.OPENAI_API_KEY = "sk-some-key-000001";
    const error = await openai("llama3.1")
      .generate(ask())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "OPTIONS_INVALID" });
    expect((error as Error).message).toBe(
      'openai provider: OPENAI_BASE_URL must be an http:// or https:// URL; got "localhost:11434".',
    );
  });
});
