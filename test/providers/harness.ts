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
  StructuredOutputMode,
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
  /** The provider-level structured-output mode (`createOpenAI({ structuredOutput })`…). */
  structuredOutput?: StructuredOutputMode;
}

/** The options every provider factory takes, as the tests pass them. */
type FactoryOptions = Omit<TestModelOptions, "settings">;

/** What a wire can send; a contract test for something it cannot runs only where it can. */
export type WireFeature =
  /** `stopSequences` has a body field (Responses has none, and refuses the setting). */
  | "stopSequences"
  /** A tool result can say it failed (Anthropic's `is_error`; OpenAI's wires say it in text). */
  | "toolErrorFlag"
  /** Reasoning comes back as text (Anthropic thinking, Responses summaries), not only counted. */
  | "reasoningText"
  /** A thinking budget (`thinking.budgetTokens`) has a body field. */
  | "thinkingBudget";

/** The wires the contract suite runs on. */
export type WireName = "openai" | "openai-responses" | "anthropic";

/** One wire (a provider's API) as the contract suite sees it. */
export interface Harness<Name extends WireName = WireName> {
  name: Name;
  /** The `provider` of its models and errors. */
  provider: "openai" | "anthropic";
  modelId: string;
  /** Where its requests go when no base URL is set. */
  url: string;
  mock(turns: readonly MockTurn[], options?: MockLLMOptions): MockLLM;
  /** The provider factory called with `options`, as a maker of this wire's models. */
  create(options?: FactoryOptions): (modelId: string, settings?: ModelSettings) => LanguageModel;
  /** A model of this wire: `create` with a test key and test-speed retries. */
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
  /** The body fields that carry `reasoningEffort: effort`, exactly as sent. */
  reasoningEffort(effort: string): JsonObject;
  /**
   * The body fields of a one-sentence system prompt ("Be brief.") sent with `cacheControl`,
   * where the wire marks it; undefined where caching is automatic and nothing is sent.
   */
  cachedSystem?: JsonObject;
  /** The native structured-output field of a body (undefined when the body has none). */
  nativeFormat(body: JsonObject): unknown;
  /** The HTTP status an overloaded provider answers with. */
  overloadedStatus: number;
  /**
   * Byte offsets in a short streamed answer ("One two three four five six…") that fall after
   * its first text delta and before its terminal event: where a stream-fault test cuts the
   * connection (`errorAfterBytes`) or goes silent (`stallAfterBytes`). The kit's Chat
   * Completions and Messages streams reach their first delta by about 530 and 575 bytes; the
   * Responses stream, whose first two events each carry the whole response object, only by
   * about 1,730, and its terminal event starts at about 3,420.
   */
  faultOffset: { errorAfterBytes: number; stallAfterBytes: number };
  /** What this wire can send (the contract tests that need a feature run only where it is). */
  supports: ReadonlySet<WireFeature>;
}

/** A harness whose `model` is its `create` with the test key and FAST_RETRY. */
function harness<Name extends WireName>(wire: Omit<Harness<Name>, "model">): Harness<Name> {
  return {
    ...wire,
    model: ({ settings, retry = FAST_RETRY, apiKey = SECRET_KEY, ...rest } = {}) =>
      wire.create({ apiKey, retry, ...rest })(wire.modelId, settings),
  };
}

const object = (value: unknown): JsonObject | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;

/** The OpenAI Chat Completions side of the contract. */
export const openaiHarness: Harness<"openai"> = harness({
  name: "openai",
  provider: "openai",
  modelId: "gpt-4o-mini",
  url: "https://api.openai.com/v1/chat/completions",
  mock: mockOpenAI,
  create: (options) => createOpenAI(options),
  defaultModel: () => openai("gpt-4o-mini"),
  env: { apiKey: "OPENAI_API_KEY", baseURL: "OPENAI_BASE_URL" },
  keyHeader: (key) => ["authorization", `Bearer ${key}`],
  sdkError: OpenAIAPIError,
  maxTokens: (body) => body.max_completion_tokens,
  reasoningEffort: (effort) => ({ reasoning_effort: effort }),
  nativeFormat: (body) => body.response_format,
  overloadedStatus: 503,
  faultOffset: { errorAfterBytes: 600, stallAfterBytes: 1500 },
  supports: new Set(["stopSequences"]),
});

/** The OpenAI Responses side of the contract: `openai.responses(id)`, `POST /responses`. */
export const openaiResponsesHarness: Harness<"openai-responses"> = harness({
  name: "openai-responses",
  provider: "openai",
  modelId: "gpt-5-mini",
  url: "https://api.openai.com/v1/responses",
  mock: mockOpenAI,
  create: (options) => createOpenAI(options).responses,
  defaultModel: () => openai.responses("gpt-5-mini"),
  env: { apiKey: "OPENAI_API_KEY", baseURL: "OPENAI_BASE_URL" },
  keyHeader: (key) => ["authorization", `Bearer ${key}`],
  sdkError: OpenAIAPIError,
  maxTokens: (body) => body.max_output_tokens,
  reasoningEffort: (effort) => ({ reasoning: { effort } }),
  nativeFormat: (body) => object(body.text)?.format,
  overloadedStatus: 503,
  faultOffset: { errorAfterBytes: 2600, stallAfterBytes: 2600 },
  supports: new Set(["reasoningText"]),
});

/** The Anthropic Messages side of the contract. */
export const anthropicHarness: Harness<"anthropic"> = harness({
  name: "anthropic",
  provider: "anthropic",
  modelId: "claude-haiku-4-5",
  url: "https://api.anthropic.com/v1/messages",
  mock: mockAnthropic,
  create: (options) => createAnthropic(options),
  defaultModel: () => anthropic("claude-haiku-4-5"),
  env: { apiKey: "ANTHROPIC_API_KEY", baseURL: "ANTHROPIC_BASE_URL" },
  // @anthropic-ai/sdk 1.x sends the API key as a bearer token, not as x-api-key.
  keyHeader: (key) => ["authorization", `Bearer ${key}`],
  sdkError: AnthropicAPIError,
  maxTokens: (body) => body.max_tokens,
  reasoningEffort: (effort) => ({ output_config: { effort } }),
  cachedSystem: {
    system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
  },
  nativeFormat: (body) => object(body.output_config)?.format,
  overloadedStatus: 529,
  faultOffset: { errorAfterBytes: 600, stallAfterBytes: 1500 },
  supports: new Set(["stopSequences", "toolErrorFlag", "reasoningText", "thinkingBudget"]),
});

/**
 * Both providers' main APIs (Chat Completions and Messages), for `describe.each` in the tests
 * that key data by these two names.
 */
export const harnesses: Harness<"openai" | "anthropic">[] = [openaiHarness, anthropicHarness];

/**
 * Every wire the providers speak: Chat Completions, Responses and Messages. The contract suite
 * runs on each.
 */
export const wireHarnesses: Harness[] = [openaiHarness, openaiResponsesHarness, anthropicHarness];

/** The wires that can send `feature`, for a describe that cannot apply to the others. */
export function wiresWith(feature: WireFeature): Harness[] {
  return wireHarnesses.filter((h) => h.supports.has(feature));
}

/** The wires that cannot send `feature`. */
export function wiresWithout(feature: WireFeature): Harness[] {
  return wireHarnesses.filter((h) => !h.supports.has(feature));
}

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
