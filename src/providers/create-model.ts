import { describeThrown } from "../errors/describe-thrown.ts";
import { OptionsError } from "../errors/errors.ts";
import { checkModelSettings } from "./check-model-settings.ts";
import { checkTools } from "./check-tools.ts";
import type {
  LanguageModel,
  ModelCallOptions,
  ModelRequest,
  ModelSettings,
} from "./language-model.ts";
import { mergeSettings } from "./merge-settings.ts";
import { optionProblem } from "./option-checks.ts";
import { continuePausedTurn } from "./paused-turn.ts";
import type { Connection, DriverCall, ProviderDriver } from "./provider-driver.ts";
import { ProviderError } from "./provider-error.ts";
import { DriverFailure, type FailureContext, toProviderError } from "./provider-failure.ts";
import { redactError } from "./redact-error.ts";
import { DEFAULT_RETRY, type RetryOptions } from "./retry-policy.ts";
import { streamWithRetries } from "./stream-with-retries.ts";
import { withIdleTimeout } from "./with-idle-timeout.ts";
import { type RetryLoop, withRetries } from "./with-retries.ts";

/** How a provider's models call: the retry timings and the stream idle timeout. */
export interface ModelConfig {
  timings: Required<RetryOptions>;
  /** Abort a stream attempt when no part arrives for this long. @default no limit */
  streamIdleTimeoutMs?: number | undefined;
}

/**
 * A `LanguageModel` over a driver: checks its settings once (an `OptionsError` at creation),
 * merges settings, checks tools, connects at call time, runs every attempt through the one retry
 * policy, and continues a turn the provider paused.
 */
export function createModel<Client, Body, Resume = never>(
  driver: ProviderDriver<Client, Body, Resume>,
  modelId: string,
  settings: ModelSettings,
  config: ModelConfig,
): LanguageModel {
  const subject = `${driver.provider} model ${JSON.stringify(modelId)}`;
  const problems = checkModelSettings(settings);
  if (typeof modelId !== "string" || modelId.trim() === "") {
    problems.unshift(optionProblem("the model id", "a non-empty string", modelId));
  }
  if (problems.length > 0) throw new OptionsError(subject, problems);
  const { timings, streamIdleTimeoutMs } = config;
  const who = { provider: driver.provider, model: modelId };
  // Request settings an agent sends on every call: each object is checked once.
  const checkedSettings = new WeakSet<ModelSettings>();
  // How a failure becomes a ProviderError, per connection (its secrets are redacted): made once
  // per client, not per call.
  const errorMappers = new WeakMap<Connection<Client>, (error: unknown) => ProviderError>();

  function errorMapper(connection: Connection<Client>): (error: unknown) => ProviderError {
    let toError = errorMappers.get(connection);
    if (toError !== undefined) return toError;
    const context: FailureContext = {
      ...who,
      secrets: connection.secrets,
      keySource: driver.keySource,
      endpoint: connection.endpoint,
      keyless: connection.keyless === true,
    };
    toError = (error: unknown): ProviderError => {
      if (ProviderError.isInstance(error)) return error;
      if (error instanceof DriverFailure) return toProviderError(error.failure, context);
      redactError(error, connection.secrets);
      return toProviderError(driver.describeError(error), context);
    };
    errorMappers.set(connection, toError);
    return toError;
  }

  function checkCall(request: ModelRequest, options: ModelCallOptions): void {
    const { settings: own } = request;
    if (own !== undefined && !checkedSettings.has(own)) {
      const wrong = checkModelSettings(own);
      if (wrong.length > 0) throw new OptionsError(`${subject}, request settings`, wrong);
      checkedSettings.add(own);
    }
    const { maxRetries } = options;
    if (maxRetries !== undefined && !(Number.isSafeInteger(maxRetries) && maxRetries >= 0)) {
      throw new OptionsError(`${subject}, call options`, [
        optionProblem("maxRetries", "a whole number ≥ 0", maxRetries),
      ]);
    }
  }

  /** The request's body; a request that cannot be sent fails as refused, with nothing sent. */
  function requestBody(
    request: ModelRequest,
    merged: ModelSettings,
    toError: (error: unknown) => ProviderError,
  ): Body {
    try {
      return driver.body(modelId, request, merged);
    } catch (error) {
      const refused =
        error instanceof DriverFailure
          ? error
          : new DriverFailure({ kind: "refused", message: describeThrown(error), cause: error });
      const failure = toError(refused);
      failure.attempts = 0;
      throw failure;
    }
  }

  function prepare(
    request: ModelRequest,
    options: ModelCallOptions,
  ): { call: DriverCall<Client, Body, Resume>; loop: RetryLoop } {
    options.signal?.throwIfAborted();
    checkCall(request, options);
    const merged = mergeSettings(settings, request.settings);
    const retries = options.maxRetries ?? merged.maxRetries ?? DEFAULT_RETRY.maxRetries;
    checkTools(request.tools, who);
    const connection = driver.connect();
    if (connection === undefined) {
      throw new ProviderError(
        "PROVIDER_MISSING_API_KEY",
        `${subject}: no API key. Pass ${driver.keySource}.${driver.missingKeyHint ?? ""}`,
        { ...who, isRetryable: false, attempts: 0 },
      );
    }
    const toError = errorMapper(connection);
    const call: DriverCall<Client, Body, Resume> = {
      client: connection.client,
      modelId,
      body: requestBody(request, merged, toError),
      signal: options.signal,
    };
    const loop = { retries, timings, signal: options.signal, onRetry: options.onRetry, toError };
    return { call, loop };
  }

  return {
    provider: driver.provider,
    modelId,
    settings,
    async generate(request, options = {}) {
      const { call, loop } = prepare(request, options);
      const { value, attempts } = await withRetries(() => driver.generate(call), loop);
      if (value.resume === undefined) return { ...value, attempts };
      return continuePausedTurn(value, attempts, (resume) =>
        withRetries(() => driver.generate({ ...call, resume }), loop),
      );
    },
    stream(request, options = {}) {
      // Prepared when iteration starts (a missing key fails the first next(), not this call),
      // without a generator layer of its own: every part would pay for the hop.
      return streamWithRetries<Resume>(() => {
        const { call, loop } = prepare(request, options);
        const open = (resume: Resume | undefined) =>
          withIdleTimeout(
            (signal) =>
              driver.stream(
                resume === undefined ? { ...call, signal } : { ...call, signal, resume },
              ),
            streamIdleTimeoutMs,
            call.signal,
          );
        return { open, loop };
      });
    },
  };
}
