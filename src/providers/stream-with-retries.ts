import type { ModelStreamPart } from "./language-model.ts";
import { finalAnswer, joinPausedAnswer, MAX_PAUSE_CONTINUATIONS } from "./paused-turn.ts";
import type { DriverResponse, DriverStreamPart } from "./provider-driver.ts";
import { ProviderError } from "./provider-error.ts";
import { type Attempted, type RetryLoop, withRetries } from "./with-retries.ts";

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
export interface StreamStart<Resume> {
  /** Opens one attempt: of the request, or (given what a paused answer left) of its continuation. */
  open: (resume: Resume | undefined) => AsyncIterable<DriverStreamPart<Resume>>;
  loop: RetryLoop;
}

/**
 * Streams with the retry policy applied up to the first part: a failure before any output
 * (an HTTP error, a reset, an error event as the first event) is retried; once a part has been
 * yielded, a failure ends the stream with a `PROVIDER_STREAM_ERROR` and nothing is replayed.
 * A paused answer (its `finish` carries `resume`) is continued by a new request, up to
 * `MAX_PAUSE_CONTINUATIONS` times, and its parts keep flowing; the one `finish` yielded holds the
 * whole answer. `start` runs when iteration begins, so what it throws surfaces from the first
 * `next()`.
 */
export async function* streamWithRetries<Resume>(
  start: () => StreamStart<Resume>,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const { open, loop } = start();
  let attempts = 0;
  let output = false;
  // The answer so far while a paused turn is being continued.
  let paused: DriverResponse<Resume> | undefined;
  for (let continuation = 0; ; continuation++) {
    let opened: Attempted<Opened<Resume>>;
    try {
      opened = await withRetries(() => openFirst(open, paused?.resume), loop);
    } catch (error) {
      if (!ProviderError.isInstance(error)) throw error;
      throw withAttempts(output ? afterOutput(error) : error, attempts + error.attempts);
    }
    attempts += opened.attempts;
    const { iterator } = opened.value;
    let result = opened.value.first;
    let finished = false;
    let pausedAgain = false;
    try {
      while (result.done !== true) {
        const part = result.value;
        if (part.type !== "finish") {
          output = true;
          yield part;
        } else {
          const answer =
            paused === undefined ? part.response : joinPausedAnswer(paused, part.response);
          pausedAgain = answer.resume !== undefined && continuation < MAX_PAUSE_CONTINUATIONS;
          if (pausedAgain) paused = answer;
          else {
            output = true;
            yield { type: "finish", response: finalAnswer(answer, attempts) };
          }
        }
        result = await iterator.next();
      }
      finished = true;
    } catch (error) {
      finished = true;
      if (loop.signal?.aborted) throw loop.signal.reason;
      const failure = ProviderError.isInstance(error) ? error : loop.toError(error);
      throw withAttempts(output ? afterOutput(failure) : failure, attempts);
    } finally {
      // The consumer stopped early: close the driver's stream, which aborts the request.
      if (!finished) await iterator.return?.();
    }
    if (!pausedAgain) return;
  }
}

/** An opened attempt: its iterator and the first thing it gave. */
interface Opened<Resume> {
  iterator: AsyncIterator<DriverStreamPart<Resume>>;
  first: IteratorResult<DriverStreamPart<Resume>>;
}

async function openFirst<Resume>(
  open: StreamStart<Resume>["open"],
  resume: Resume | undefined,
): Promise<Opened<Resume>> {
  const iterator = open(resume)[Symbol.asyncIterator]();
  const first = await iterator.next();
  return { iterator, first };
}

function withAttempts(error: ProviderError, attempts: number): ProviderError {
  error.attempts = attempts;
  return error;
}
