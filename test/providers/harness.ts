import { APIError as AnthropicAPIError } from "@anthropic-ai/sdk";
import {
  type MockLLM,
  type MockLLMOptions,
  type MockTurn,
  mockAnthropic,
  mockOpenAI,
} from "alice-agents/testing";
import type { SetupServer } from "msw/node";
import { APIError as OpenAIAPIError } from "openai";
import { expect, onTestFinished } from "vitest";
import type { JsonObject } from "../../src/messages/json.ts";
import { anthropic, createAnthropic } from "../../src/providers/anthropic/index.ts";
import type {
  LanguageModel,
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ModelStreamPart,
  ToolSpec,
} from "../../src/providers/language-model.ts";
import { createOpenAI, openai } from "../../src/providers/openai/index.ts";
import { ProviderError } from "../../src/providers/provider-error.ts";
import type { RetryOptions } from "../../src/providers/retry-policy.ts";

/** The API key every test model uses; no error, event or log may contain it. */
export const SECRET_KEY = "SENTINEL-KEY-4f1c9a7e2b";

/** Retry timings small enough that retry tests take milliseconds. */
export const FAST_RETRY: RetryOptions = { minDelayMs: 1, maxDelayMs: 4 };

/** Text with 2-, 3- and 4-byte UTF-8 characters, so byte chunks split inside characters. */
export const MULTIBYTE = "Zürich → 東京 🌍 naïve café 👩‍💻 好 done";

/** Tool arguments as raw JSON text with escapes, quotes and multi-byte characters. */
export const RAW_ARGUMENTS = String.raw`{"city":"Zürich 🌍","note":"caf\u00e9 好 \"quoted\" back\\slash","days":[1,2]}`;

/** Options of a test model. */
export interface TestModelOptions {
  settings?: ModelSettings;
  retry?: RetryOptions;
  apiKey?: string;
  baseURL?: string;
  timeoutMs?: number;
  streamIdleTimeoutMs?: number;
}

/** One provider as the contract suite sees it. */
export interface Harness {
  name: "openai" | "anthropic";
  modelId: string;
  mock(turns: readonly MockTurn[], options?: MockLLMOptions): MockLLM;
  model(options?: TestModelOptions): LanguageModel;
  /** The default instance, which reads its key and base URL from the environment. */
  defaultModel(): LanguageModel;
  env: { apiKey: string; baseURL: string };
  /** The header that carries the key, and its value for `key`. */
  keyHeader(key: string): [string, string];
  /** The SDK's APIError class, which must be kept as `cause`. */
  sdkError: abstract new (
    ...args: never[]
  ) => Error;
  /** The `max_tokens`-like field of a request body. */
  maxTokens(body: JsonObject): unknown;
}

/** The OpenAI Chat Completions side of the contract. */
export const openaiHarness: Harness = {
  name: "openai",
  modelId: "gpt-4o-mini",
  mock: mockOpenAI,
  model: ({ settings, retry = FAST_RETRY, apiKey = SECRET_KEY, ...rest } = {}) =>
    createOpenAI({ apiKey, retry, ...rest })("gpt-4o-mini", settings),
  defaultModel: () => openai("gpt-4o-mini"),
  env: { apiKey: "OPENAI_API_KEY", baseURL: "OPENAI_BASE_URL" },
  keyHeader: (key) => ["authorization", `Bearer ${key}`],
  sdkError: OpenAIAPIError,
  maxTokens: (body) => body.max_completion_tokens,
};

/** The Anthropic Messages side of the contract. */
export const anthropicHarness: Harness = {
  name: "anthropic",
  modelId: "claude-haiku-4-5",
  mock: mockAnthropic,
  model: ({ settings, retry = FAST_RETRY, apiKey = SECRET_KEY, ...rest } = {}) =>
    createAnthropic({ apiKey, retry, ...rest })("claude-haiku-4-5", settings),
  defaultModel: () => anthropic("claude-haiku-4-5"),
  env: { apiKey: "ANTHROPIC_API_KEY", baseURL: "ANTHROPIC_BASE_URL" },
  // @anthropic-ai/sdk 1.x sends the API key as a bearer token, not as x-api-key.
  keyHeader: (key) => ["authorization", `Bearer ${key}`],
  sdkError: AnthropicAPIError,
  maxTokens: (body) => body.max_tokens,
};

/** Both providers, for `describe.each`. */
export const harnesses = [openaiHarness, anthropicHarness];

export { useMockServer } from "../msw-server.ts";

/**
 * The headers of every request the server sees during the current test, exactly as sent (the
 * mock kit's request log redacts credentials, so a test of which key was sent reads them here).
 */
export function sentHeaders(server: SetupServer): Headers[] {
  const seen: Headers[] = [];
  const listener = ({ request }: { request: Request }): void => {
    seen.push(new Headers(request.headers));
  };
  server.events.on("request:start", listener);
  onTestFinished(() => {
    server.events.removeListener("request:start", listener);
  });
  return seen;
}

/** A one-question request. */
export function ask(content = "What is 2 + 3?", extra: Partial<ModelRequest> = {}): ModelRequest {
  return { messages: [{ role: "user", content }], ...extra };
}

/** Collects every part of a stream; `error` is what it threw, if anything. */
export async function drain(
  stream: AsyncIterable<ModelStreamPart>,
): Promise<{ parts: ModelStreamPart[]; error: unknown }> {
  const parts: ModelStreamPart[] = [];
  try {
    for await (const part of stream) parts.push(part);
    return { parts, error: undefined };
  } catch (error) {
    return { parts, error };
  }
}

/** The text of all text deltas. */
export function textOf(parts: readonly ModelStreamPart[]): string {
  return parts.map((p) => (p.type === "text-delta" ? p.delta : "")).join("");
}

/** The one `finish` part's response (fails the test when there is not exactly one, last). */
export function finishOf(parts: readonly ModelStreamPart[]): ModelResponse {
  const finishes = parts.filter((p) => p.type === "finish");
  expect(finishes).toHaveLength(1);
  expect(parts.at(-1)?.type).toBe("finish");
  const last = parts.at(-1);
  if (last?.type !== "finish") throw new Error("no finish part");
  return last.response;
}

/** Awaits a promise that must reject with a ProviderError, and returns the error. */
export async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`).toBe(
    true,
  );
  return error as ProviderError;
}

/** Asserts that `SECRET_KEY` appears nowhere in an error: message, stack, JSON, cause. */
export function expectNoSecret(error: unknown): void {
  const cause = (error as { cause?: unknown }).cause;
  const texts = [
    String(error),
    (error as Error).stack ?? "",
    JSON.stringify(error),
    String(cause),
    (cause as Error | undefined)?.stack ?? "",
    JSON.stringify(cause ?? null),
  ];
  for (const text of texts) expect(text).not.toContain(SECRET_KEY);
}

/** A tool with one required string parameter, shared by the request and answer tests. */
export const searchTool: ToolSpec = {
  name: "search",
  description: "Search the web",
  parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
};

/** A tool without parameters. */
export const nowTool: ToolSpec = {
  name: "now",
  description: "The time",
  parameters: { type: "object", properties: {} },
};
