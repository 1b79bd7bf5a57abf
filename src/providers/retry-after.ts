/** The response header a provider's requested wait came from. */
export type RetryAfterSource = "retry-after-ms" | "retry-after";

/** A wait the provider asked for in its response headers. */
export interface RetryAfter {
  ms: number;
  source: RetryAfterSource;
}

/**
 * Reads `retry-after-ms` (milliseconds, `0` honoured) and then `retry-after` (seconds or an HTTP
 * date), the same way for every provider; undefined when neither holds a usable value.
 */
export function parseRetryAfter(
  headers: Headers | undefined,
  now: number = Date.now(),
): RetryAfter | undefined {
  if (headers === undefined) return undefined;
  const millis = headers.get("retry-after-ms");
  if (millis !== null && millis.trim() !== "") {
    const ms = Number(millis);
    if (Number.isFinite(ms) && ms >= 0) return { ms, source: "retry-after-ms" };
  }
  const after = headers.get("retry-after")?.trim();
  if (after === undefined || after === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return { ms: Number(after) * 1000, source: "retry-after" };
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return { ms: Math.max(0, date - now), source: "retry-after" };
}
