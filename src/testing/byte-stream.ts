import { sleep } from "../providers/sleep.ts";

const FLUSH_MS = 5;

/**
 * Headers for a streamed mock body. Chunked framing is what real servers send, and it matters:
 * with a close-delimited body, msw 3 ends the response cleanly when the client aborts (undici
 * then asserts) and a broken body looks like a clean end instead of a network error.
 */
export const STREAMED_BODY_HEADERS = { "transfer-encoding": "chunked" } as const;

/** Waits like `sleep`, but a wait the client ends by going away just ends. */
function quietSleep(ms: number, stop: AbortSignal): Promise<void> {
  return sleep(ms, stop).catch(() => undefined);
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Byte-level delivery of a response body. */
export interface ByteStreamOptions {
  chunkBytes?: number | undefined;
  chunkDelayMs?: number | undefined;
  errorAfterBytes?: number | undefined;
  stallAfterBytes?: number | undefined;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

function rechunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

function cut(chunks: readonly Uint8Array[], limit: number): Uint8Array[] {
  const kept: Uint8Array[] = [];
  let left = limit;
  for (const chunk of chunks) {
    if (left <= 0) break;
    kept.push(chunk.length <= left ? chunk : chunk.subarray(0, left));
    left -= chunk.length;
  }
  return kept;
}

/**
 * A body stream that sends `chunks` (re-split to `chunkBytes` when given), optionally pausing
 * between chunks, failing after `errorAfterBytes` or going silent after `stallAfterBytes`.
 */
export function byteStream(
  chunks: readonly Uint8Array[],
  options: ByteStreamOptions = {},
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const { chunkBytes, chunkDelayMs = 0, errorAfterBytes, stallAfterBytes } = options;
  let planned =
    chunkBytes !== undefined && chunkBytes > 0 ? rechunk(concat(chunks), chunkBytes) : [...chunks];
  const limit = errorAfterBytes ?? stallAfterBytes;
  if (limit !== undefined) planned = cut(planned, limit);
  let next = 0;
  const stopped = new AbortController();
  const stop = AbortSignal.any(signal ? [signal, stopped.signal] : [stopped.signal]);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Yield to the event loop between chunks, so the client reads each chunk on its own
      // instead of the socket layer coalescing them.
      if (next > 0) await (chunkDelayMs > 0 ? quietSleep(chunkDelayMs, stop) : nextTurn());
      if (stop.aborted) return;
      const chunk = planned[next++];
      if (chunk !== undefined) return controller.enqueue(chunk);
      if (errorAfterBytes !== undefined) {
        // Let the client read what was sent before the connection breaks (msw 3 drops it otherwise).
        if (next > 1) await quietSleep(FLUSH_MS, stop);
        // What undici throws when a connection breaks mid-body.
        return controller.error(new TypeError("terminated"));
      }
      // A stall ends only when the client aborts (msw then cancels the body).
      if (stallAfterBytes !== undefined) return quietSleep(Number.POSITIVE_INFINITY, stop);
      controller.close();
    },
    cancel() {
      stopped.abort();
    },
  });
}

/** UTF-8 encodes each string as one chunk. */
export function encodeChunks(texts: readonly string[]): Uint8Array[] {
  const encoder = new TextEncoder();
  return texts.map((text) => encoder.encode(text));
}
