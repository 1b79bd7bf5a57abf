/**
 * The signal a run without one passes to its nodes: it never fires. Code that hands signals to
 * an SDK passes `undefined` instead, so the SDK does not compose every request with it.
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;
