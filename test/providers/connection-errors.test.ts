import { createServer } from "node:net";
import { HttpResponse, http, passthrough } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { ask, harnesses, providerError, useMockServer } from "./harness.ts";

const server = useMockServer();

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const address = listener.address();
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

let port = 0;
beforeAll(async () => {
  port = await closedPort();
});

/** The path each provider adds to its base URL. */
const PATH = { openai: "/chat/completions", anthropic: "/v1/messages" } as const;

describe.each(harnesses)("$name: connection errors name the URL that was tried", (h) => {
  it("a refused connection names scheme, host, port and path, without the query", async () => {
    // The request really goes out (MSW lets it through) and the closed port refuses it.
    server.use(http.post(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const baseURL = `http://127.0.0.1:${port}/gateway?key=QUERY-SECRET-123`;
    const error = await providerError(h.model({ baseURL }).generate(ask(), { maxRetries: 0 }));
    expect(error).toMatchObject({ code: "PROVIDER_CONNECTION", isRetryable: true, attempts: 1 });
    expect(error.message).toContain(
      `could not connect to http://127.0.0.1:${port}/gateway${PATH[h.name]}`,
    );
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain("key=");
    expect(error.message).not.toContain("QUERY-SECRET-123");
  });

  it("leaves credentials and the query out even where the network error quotes the URL", async () => {
    const baseURL = `http://someone:pa55word-xyz@127.0.0.1:${port}/v1?key=QUERY-SECRET-123`;
    const error = await providerError(h.model({ baseURL }).generate(ask(), { maxRetries: 0 }));
    expect(error.code).toBe("PROVIDER_CONNECTION");
    expect(error.message).toContain(`could not connect to http://127.0.0.1:${port}/v1`);
    for (const hidden of ["someone", "pa55word-xyz", "@127.0.0.1", "key=", "QUERY-SECRET-123"]) {
      expect(error.message).not.toContain(hidden);
    }
  });

  it("a network error on the default URL names the provider's endpoint", async () => {
    const llm = h.mock([{ networkError: true }]);
    server.use(...llm.handlers);
    const error = await providerError(h.model().generate(ask(), { maxRetries: 0 }));
    const url = h.name === "openai" ? "https://api.openai.com/v1" : "https://api.anthropic.com";
    expect(error.message).toContain(`could not connect to ${url}${PATH[h.name]}`);
  });

  it("a timeout names the URL too", async () => {
    const llm = h.mock([{ text: "late", delayMs: 2_000 }]);
    server.use(...llm.handlers);
    const error = await providerError(
      h.model({ timeoutMs: 50 }).generate(ask(), { maxRetries: 0 }),
    );
    expect(error.code).toBe("PROVIDER_TIMEOUT");
    expect(error.message).toMatch(/the request to https:\/\/\S+ timed out/);
  });

  it("an HttpResponse.error() from a proxy names the URL", async () => {
    const baseURL = "http://127.0.0.1:11434/v1?token=QUERY-SECRET-123";
    server.use(http.post("http://127.0.0.1:11434/*", () => HttpResponse.error()));
    const error = await providerError(h.model({ baseURL }).generate(ask(), { maxRetries: 0 }));
    expect(error.message).toContain(
      `could not connect to http://127.0.0.1:11434/v1${PATH[h.name]}`,
    );
    expect(error.message).not.toContain("QUERY-SECRET-123");
  });
});
