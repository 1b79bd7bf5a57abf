import { checkKnownKeys, checkNumber, isRecord, optionProblem } from "./option-checks.ts";
import type { ProviderError } from "./provider-error.ts";
import type { RetryAfterSource } from "./retry-after.ts";

/** Where the wait before a retry came from: a response header, or the backoff. */
export type RetryDelaySource = RetryAfterSource | "backoff";

/** Timings of the retry policy; every provider uses the same policy. */
export interface RetryOptions {
  /** Wait before the first retry when the provider gives no hint. @default 500 */
  minDelayMs?: number;
  /** Longest backoff wait (the wait doubles per retry up to this). @default 8000 */
  maxDelayMs?: number;
  /**
   * Longest `retry-after` / `retry-after-ms` wait obeyed. When the provider asks for more, the call
   * fails at once with `isRetryable: true` and `retryAfterMs` set, instead of blocking. @default 60000
   */
  maxRetryAfterMs?: number;
  /** Fraction of each backoff wait taken off at random, so clients don't retry in waves. @default 0.25 */
  jitter?: number;
}

/** The defaults of `RetryOptions`, and of `maxRetries`. */
export const DEFAULT_RETRY: Required<RetryOptions> & { maxRetries: number } = {
  minDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  jitter: 0.25,
  maxRetries: 2,
};

const TIMING_KEYS: readonly (keyof RetryOptions)[] = [
  "minDelayMs",
  "maxDelayMs",
  "maxRetryAfterMs",
  "jitter",
];

/** Every problem of the `retry` option (empty when it is valid), for an `OptionsError`. */
export function checkRetryOptions(retry: unknown): string[] {
  if (retry === undefined) return [];
  if (!isRecord(retry)) return [optionProblem("retry", "an object of timings", retry)];
  const problems: string[] = [];
  checkKnownKeys(problems, "a retry timing", retry, TIMING_KEYS);
  for (const key of TIMING_KEYS) {
    const rule = key === "jitter" ? { min: 0, max: 1 } : { min: 0 };
    checkNumber(problems, `retry.${key}`, retry[key], rule);
  }
  return problems;
}

/** The retry timings with every default filled in (`checkRetryOptions` has passed). */
export function resolveRetryOptions(options: RetryOptions = {}): Required<RetryOptions> {
  const { maxRetries: _unused, ...defaults } = DEFAULT_RETRY;
  const resolved = { ...defaults };
  for (const key of TIMING_KEYS) {
    const value = options[key];
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

/** The wait before retry number `retry` (1-based): exponential, capped, jittered. */
export function backoffDelay(
  retry: number,
  options: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  const base = Math.min(options.maxDelayMs, options.minDelayMs * 2 ** (retry - 1));
  return Math.round(base * (1 - options.jitter * random()));
}

/**
 * How long to wait before retrying `error`: the provider's hint when it gave one (never shorter),
 * else backoff. Undefined when the hint is longer than `maxRetryAfterMs`, meaning: do not retry.
 */
export function retryDelay(
  error: ProviderError,
  retry: number,
  options: Required<RetryOptions>,
): { delayMs: number; source: RetryDelaySource } | undefined {
  const hint = error.retryAfterMs;
  if (hint === undefined) return { delayMs: backoffDelay(retry, options), source: "backoff" };
  if (hint > options.maxRetryAfterMs) return undefined;
  return { delayMs: Math.ceil(hint), source: error.retryAfterSource ?? "retry-after" };
}
