/**
 * The signal a run without one passes to its nodes: it never fires. Code that hands signals to
 * an SDK passes `undefined` instead, so the SDK does not compose every request with it.
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** A node's signal as an SDK or tool runner should get it: `undefined` when it cannot fire. */
export function signalToPass(signal: AbortSignal): AbortSignal | undefined {
  return signal === NEVER_ABORTED ? undefined : signal;
}
