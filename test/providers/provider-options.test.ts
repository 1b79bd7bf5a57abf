import { describe, expect, it } from "vitest";
import { AliceError } from "../../src/errors/alice-error.ts";
import { OptionsError } from "../../src/errors/errors.ts";
import { createAnthropic } from "../../src/providers/anthropic/index.ts";
import type { ModelSettings } from "../../src/providers/index.ts";
import { createOpenAI, openai } from "../../src/providers/openai/index.ts";
import { ask, drain, harnesses, SECRET_KEY, useMockServer } from "./harness.ts";

const server = useMockServer();

/** What `fn` threw, which must be an OptionsError (code OPTIONS_INVALID). */
function optionsError(fn: () => unknown): OptionsError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(AliceError.isInstance(thrown), `expected an AliceError, got ${String(thrown)}`).toBe(true);
  expect((thrown as AliceError).code).toBe("OPTIONS_INVALID");
  expect(thrown).toBeInstanceOf(OptionsError);
  return thrown as OptionsError;
}

async function rejectsWithOptionsError(promise: Promise<unknown>): Promise<OptionsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return optionsError(() => {
    throw error;
  });
}

/** Options as a JavaScript caller may pass them: not checked by TypeScript. */
const loose = <T>(options: Record<string, unknown>) => options as T;

describe("provider options are checked when the provider is created", () => {
  it("a negative retry delay is an OptionsError naming it, not a RangeError", () => {
    const error = optionsError(() => createOpenAI({ retry: { minDelayMs: -5 } }));
    expect(error.subject).toBe("createOpenAI()");
    expect(error.problems).toEqual(["retry.minDelayMs must be a finite number ≥ 0; got -5."]);
    expect(error.message).toBe(
      "createOpenAI(): retry.minDelayMs must be a finite number ≥ 0; got -5.",
    );
  });

  it("lists every problem of createAnthropic's options at once", () => {
    const error = optionsError(() =>
      createAnthropic(
        loose({
          timeoutMs: 0,
          streamIdleTimeoutMs: -1,
          defaultMaxTokens: 1.5,
          baseURL: "localhost:8080",
          headers: { "x-team": 7 },
          fetch: "fetch",
          retry: { jitter: 2, maxRetryAfterMs: Number.POSITIVE_INFINITY, maxDelay: 10 },
          apiKye: SECRET_KEY,
        }),
      ),
    );
    expect(error.subject).toBe("createAnthropic()");
    expect(error.problems).toEqual(
      expect.arrayContaining([
        '"apiKye" is not an option of createAnthropic(). Did you mean "apiKey"?',
        'fetch must be a function; got "fetch".',
        "timeoutMs must be a whole number ≥ 1; got 0.",
        "streamIdleTimeoutMs must be a finite number > 0; got -1.",
        '"maxDelay" is not a retry timing. Did you mean "maxDelayMs"?',
        "retry.maxRetryAfterMs must be a finite number ≥ 0; got Infinity.",
        "retry.jitter must be a finite number from 0 to 1; got 2.",
        'baseURL must be an http:// or https:// URL; got "localhost:8080".',
        "headers.x-team must be a string; got 7.",
        "defaultMaxTokens must be a whole number ≥ 1; got 1.5.",
      ]),
    );
    expect(error.problems).toHaveLength(10);
    // The value of a misspelt key option is never echoed.
    expect(error.message).not.toContain(SECRET_KEY);
  });

  it("checks createOpenAI's own options", () => {
    const error = optionsError(() =>
      createOpenAI(loose({ maxTokensParameter: "max_output_tokens", name: "", organization: 5 })),
    );
    expect(error.problems).toEqual([
      "organization must be a string; got 5.",
      'name must be a non-empty string; got "".',
      'maxTokensParameter must be "max_completion_tokens" or "max_tokens"; got "max_output_tokens".',
    ]);
  });
});

describe.each(harnesses)("$name: model settings and call options", (h) => {
  it("throws an OptionsError when a model is made with invalid settings, listing every problem", () => {
    const error = optionsError(() =>
      h.model({ settings: loose<ModelSettings>({ maxRetries: -1, temperature: "hot" }) }),
    );
    expect(error.subject).toBe(`${h.name} model "${h.modelId}"`);
    expect(error.problems).toEqual([
      'temperature must be a finite number from 0 to 2; got "hot".',
      "maxRetries must be a whole number ≥ 0; got -1.",
    ]);
  });

  it("rejects a call whose maxRetries is negative, sending nothing", async () => {
    const llm = h.mock([]);
    server.use(...llm.handlers);
    const model = h.model();
    const error = await rejectsWithOptionsError(model.generate(ask(), { maxRetries: -1 }));
    expect(error.problems).toEqual(["maxRetries must be a whole number ≥ 0; got -1."]);
    const { error: streamed } = await drain(model.stream(ask(), { maxRetries: -1 }));
    await rejectsWithOptionsError(Promise.reject(streamed));
    expect(llm.requests).toHaveLength(0);
  });

  it("rejects a request whose own settings are invalid, sending nothing", async () => {
    const llm = h.mock([]);
    server.use(...llm.handlers);
    const settings = loose<ModelSettings>({ maxRetries: -1, topP: 2 });
    const error = await rejectsWithOptionsError(h.model().generate(ask("hi", { settings })));
    expect(error.subject).toBe(`${h.name} model "${h.modelId}", request settings`);
    expect(error.problems).toEqual([
      "topP must be a finite number from 0 to 1; got 2.",
      "maxRetries must be a whole number ≥ 0; got -1.",
    ]);
    expect(llm.requests).toHaveLength(0);
  });
});

it.each([
  ["createOpenAI", () => createOpenAI()(" ")],
  ["createAnthropic", () => createAnthropic()("")],
])("%s: a model with an empty id is an OptionsError", (_name, make) => {
  const error = optionsError(make);
  expect(error.problems[0]).toMatch(/^the model id must be a non-empty string; got "\s*"\.$/);
});

it("the default openai instance checks the settings of each model it makes", () => {
  const error = optionsError(() => openai("gpt-4o-mini", { maxRetries: -1 }));
  expect(error.message).toBe(
    'openai model "gpt-4o-mini": maxRetries must be a whole number ≥ 0; got -1.',
  );
});
