import pRetry from "p-retry";
import type { RetryNotice } from "./language-model.ts";
import { ProviderError } from "./provider-error.ts";
import { type RetryOptions, retryDelay } from "./retry-policy.ts";
import { sleep } from "./sleep.ts";

/** How one call retries. */
export interface RetryLoop {
  /** Retries after the first attempt (so `retries + 1` attempts at most). */
  retries: number;
  timings: Required<RetryOptions>;
  signal?: AbortSignal | undefined;
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Turns whatever an attempt threw into a `ProviderError`. */
  toError: (error: unknown) => ProviderError;
}

/** A successful call and the attempts it took. */
export interface Attempted<T> {
  value: T;
  attempts: number;
}

function overCap(error: ProviderError, cap: number): ProviderError {
  const waitS = Math.round((error.retryAfterMs ?? 0) / 1000);
  return new ProviderError(
    error.code,
    `${error.message} Not retried: the provider asked to wait ${waitS} s, longer than retry.maxRetryAfterMs (${cap} ms).`,
    { ...error, cause: error.cause },
  );
}

/**
 * Runs `attempt` until it succeeds or fails for good, with p-retry: only retryable
 * `ProviderError`s are retried, each after the provider's `retry-after` (up to the cap) or a
 * jittered backoff. An abort ends any wait at once and rejects with `signal.reason`.
 *
 * The first attempt runs before p-retry is involved, so a call that succeeds at once (most do)
 * pays for none of its setup. A failed first attempt is handed to p-retry as its attempt 1, so
 * every failure takes the same path.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  loop: RetryLoop,
): Promise<Attempted<T>> {
  try {
    return { value: await attempt(1), attempts: 1 };
  } catch (error) {
    return retryAfter(error, attempt, loop);
  }
}

/**
 * The retries after a failed first attempt: its own function, so the closures p-retry needs are
 * made only when a call failed, not for every call.
 */
async function retryAfter<T>(
  firstError: unknown,
  attempt: (attemptNumber: number) => Promise<T>,
  loop: RetryLoop,
): Promise<Attempted<T>> {
  let firstFailure: { error: unknown } | undefined = { error: firstError };
  const { signal } = loop;
  let attempts = 0;
  let capped: ProviderError | undefined;
  try {
    const value = await pRetry(
      async (attemptNumber) => {
        attempts = attemptNumber;
        try {
          if (firstFailure === undefined) return await attempt(attemptNumber);
          const { error } = firstFailure;
          firstFailure = undefined;
          throw error;
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
          throw loop.toError(error);
        }
      },
      {
        retries: loop.retries,
        // The wait happens in shouldRetry, where the error (and its retry-after) is known.
        minTimeout: 0,
        signal,
        shouldRetry: async ({ error, attemptNumber }) => {
          if (!ProviderError.isInstance(error) || !error.isRetryable) return false;
          const wait = retryDelay(error, attemptNumber, loop.timings);
          if (wait === undefined) {
            capped = overCap(error, loop.timings.maxRetryAfterMs);
            return false;
          }
          try {
            loop.onRetry?.({ attempt: attemptNumber, ...wait, error });
          } catch {
            // A listener's bug must not turn a retryable failure into a different one.
          }
          await sleep(wait.delayMs, signal);
          return true;
        },
      },
    );
    return { value, attempts };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const failure = capped ?? (ProviderError.isInstance(error) ? error : loop.toError(error));
    failure.attempts = attempts;
    throw failure;
  }
}
