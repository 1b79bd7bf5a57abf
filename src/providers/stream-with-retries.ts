import type { ModelStreamPart } from "./model-provider.ts";
import { ProviderError } from "./provider-error.ts";
import { type RetryLoop, withRetries } from "./with-retries.ts";

function withAttempts(part: ModelStreamPart, attempts: number): ModelStreamPart {
  return part.type === "finish" ? { ...part, response: { ...part.response, attempts } } : part;
}

/** A failure after output reached the consumer: always a stream error, never replayed. */
function afterOutput(error: ProviderError): ProviderError {
  if (error.code === "PROVIDER_STREAM_ERROR") return error;
  return new ProviderError(
    "PROVIDER_STREAM_ERROR",
    `${error.message} The stream had already produced output, so it was not replayed.`,
    { ...error, cause: error.cause },
  );
}

/** How to open one attempt of a stream, and how the call retries. */
export interface StreamStart {
  open: () => AsyncIterable<ModelStreamPart>;
  loop: RetryLoop;
}

/**
 * Streams with the retry policy applied up to the first part: a failure before any output
 * (an HTTP error, a reset, an error event as the first event) is retried; once a part has been
 * yielded, a failure ends the stream with a `PROVIDER_STREAM_ERROR` and nothing is replayed.
 * `start` runs when iteration begins, so what it throws surfaces from the first `next()`.
 */
export async function* streamWithRetries(
  start: () => StreamStart,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const { open, loop } = start();
  const { value, attempts } = await withRetries(async () => {
    const iterator = open()[Symbol.asyncIterator]();
    const first = await iterator.next();
    return { iterator, first };
  }, loop);
  const { iterator } = value;
  let result = value.first;
  let finished = false;
  try {
    while (result.done !== true) {
      yield withAttempts(result.value, attempts);
      result = await iterator.next();
    }
    finished = true;
  } catch (error) {
    finished = true;
    if (loop.signal?.aborted) throw loop.signal.reason;
    const failure = afterOutput(ProviderError.isProviderError(error) ? error : loop.toError(error));
    failure.attempts = attempts;
    throw failure;
  } finally {
    // The consumer stopped early: close the driver's stream, which aborts the request.
    if (!finished) await iterator.return?.();
  }
}
