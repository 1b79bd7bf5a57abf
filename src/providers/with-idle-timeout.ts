import { DriverFailure } from "./provider-failure.ts";

/**
 * Iterates a stream opened with a signal that aborts when no item arrives for `ms` (counted while
 * waiting for the server, not while the consumer handles an item). The SDKs' own timeout stops
 * at the response headers, so a stream that stalls after them would otherwise hang forever.
 */
export function withIdleTimeout<T>(
  open: (signal: AbortSignal | undefined) => AsyncIterable<T>,
  ms: number | undefined,
  outer: AbortSignal | undefined,
): AsyncIterable<T> {
  return ms === undefined ? open(outer) : idleTimeout(open, ms, outer);
}

async function* idleTimeout<T>(
  open: (signal: AbortSignal | undefined) => AsyncIterable<T>,
  ms: number,
  outer: AbortSignal | undefined,
): AsyncGenerator<T, void, undefined> {
  const idle = new AbortController();
  const stalled = new DriverFailure({
    kind: "timeout",
    message: `no data arrived for ${ms} ms (streamIdleTimeoutMs)`,
  });
  const iterator = open(outer ? AbortSignal.any([outer, idle.signal]) : idle.signal)[
    Symbol.asyncIterator
  ]();
  let done = false;
  try {
    while (!done) {
      const timer = setTimeout(() => idle.abort(stalled), ms);
      let result: IteratorResult<T, unknown>;
      try {
        result = await iterator.next();
      } catch (error) {
        done = true;
        throw idle.signal.aborted && outer?.aborted !== true ? stalled : error;
      } finally {
        clearTimeout(timer);
      }
      if (result.done === true) {
        done = true;
        if (idle.signal.aborted && outer?.aborted !== true) throw stalled;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
