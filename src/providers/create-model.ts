import { checkTools } from "./check-tools.ts";
import { mergeSettings } from "./merge-settings.ts";
import type {
  ModelCallOptions,
  ModelProvider,
  ModelRequest,
  ModelSettings,
} from "./model-provider.ts";
import type { Connection, DriverCall, ProviderDriver } from "./provider-driver.ts";
import { ProviderError } from "./provider-error.ts";
import { DriverFailure, type FailureContext, toProviderError } from "./provider-failure.ts";
import { redactError } from "./redact-secrets.ts";
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

function retriesOf(value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`maxRetries must be an integer ≥ 0 (got ${value}).`);
  }
  return value;
}

/**
 * A `ModelProvider` over a driver: merges settings, checks tools, connects at call time, and
 * runs every attempt through the one retry policy.
 */
export function createModel<Client>(
  driver: ProviderDriver<Client>,
  modelId: string,
  settings: ModelSettings,
  config: ModelConfig,
): ModelProvider {
  const { timings, streamIdleTimeoutMs } = config;
  const who = { provider: driver.provider, model: modelId };
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
    };
    toError = (error: unknown): ProviderError => {
      if (ProviderError.isProviderError(error)) return error;
      if (error instanceof DriverFailure) return toProviderError(error.failure, context);
      redactError(error, connection.secrets);
      return toProviderError(driver.describeError(error), context);
    };
    errorMappers.set(connection, toError);
    return toError;
  }

  function prepare(
    request: ModelRequest,
    options: ModelCallOptions,
  ): { call: DriverCall<Client>; loop: RetryLoop } {
    options.signal?.throwIfAborted();
    const merged = mergeSettings(settings, request.settings);
    const retries = retriesOf(options.maxRetries ?? merged.maxRetries ?? DEFAULT_RETRY.maxRetries);
    checkTools(request.tools, who);
    const connection = driver.connect();
    if (connection === undefined) {
      throw new ProviderError(
        "PROVIDER_MISSING_API_KEY",
        `${driver.provider} model "${modelId}": no API key. Pass ${driver.keySource}.`,
        { ...who, isRetryable: false, attempts: 0 },
      );
    }
    const toError = errorMapper(connection);
    const call = {
      client: connection.client,
      modelId,
      request,
      settings: merged,
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
      return { ...value, attempts };
    },
    stream(request, options = {}) {
      // Prepared when iteration starts (a missing key fails the first next(), not this call),
      // without a generator layer of its own: every part would pay for the hop.
      return streamWithRetries(() => {
        const { call, loop } = prepare(request, options);
        const open = () =>
          withIdleTimeout(
            (signal) => driver.stream({ ...call, signal }),
            streamIdleTimeoutMs,
            call.signal,
          );
        return { open, loop };
      });
    },
  };
}
