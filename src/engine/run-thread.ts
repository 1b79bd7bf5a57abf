import { AliceError } from "../errors/alice-error.ts";
import { RunConflictError } from "../errors/errors.ts";
import type { Lease, RunStore, StoredRun } from "../stores/run-store.ts";

// Chat threads, the engine's side: a run given `threadId` is stored with it, and a thread takes
// one run at a time. What a thread means to a task (a PromptAgentTask sends its earlier
// conversation) is the task's: its nodes get the thread as `ctx.thread`.

/** The thread options of a `run()`, `stream()` or `resume()` call. */
export interface ThreadOptions {
  threadId?: string | undefined;
  historyWindow?: number | undefined;
  store?: RunStore | undefined;
}

/**
 * Checks a call's thread options before anything runs (`OPTIONS_INVALID`): `threadId` is a
 * non-empty string, needs a store, and starts a run (a resumed run keeps its own thread);
 * `historyWindow` is a whole number of messages, 0 or more, and on a fresh run needs `threadId`.
 */
export function checkThreadOptions(options: ThreadOptions, fresh: boolean): void {
  const { threadId, historyWindow, store } = options;
  const problem = (message: string) => new AliceError("OPTIONS_INVALID", message);
  if (threadId !== undefined) {
    if (typeof threadId !== "string" || threadId.trim() === "")
      throw problem(`threadId must be a non-empty string; got ${JSON.stringify(threadId)}.`);
    if (!fresh)
      throw problem(
        `threadId is an option of run() and stream(): a resumed run stays in the thread it was started in.`,
      );
    if (store === undefined)
      throw problem(
        `threadId "${threadId}" needs a store: a thread's runs are kept there, as run(inputs, { store, threadId }).`,
      );
  }
  if (historyWindow !== undefined) {
    if (!Number.isSafeInteger(historyWindow) || historyWindow < 0)
      throw problem(
        `historyWindow must be a whole number of messages, 0 or more; got ${String(historyWindow)}.`,
      );
    if (fresh && threadId === undefined)
      throw problem(
        "historyWindow bounds the history of a thread: pass threadId (and a store) with it.",
      );
  }
}

/** The threads with a run starting or running in this process, by store. */
const held = new WeakMap<RunStore, Set<string>>();

/**
 * Holds `threadId` for a run starting in this process, or throws `RunConflictError` when
 * another run of this process holds it; returns what gives the hold up. Synchronous, so of two
 * runs started together in one process, the first started holds the thread.
 */
export function holdThread(store: RunStore, threadId: string): () => void {
  let threads = held.get(store);
  if (threads === undefined) {
    threads = new Set();
    held.set(store, threads);
  }
  if (threads.has(threadId))
    throw new RunConflictError(
      `Thread "${threadId}" has a run in progress in this process, and a thread takes one run at a time: wait for it to end.`,
    );
  threads.add(threadId);
  const holding = threads;
  return () => holding.delete(threadId);
}

/**
 * A thread takes one run at a time: a run just stored on a thread where another run is running
 * or pending (waiting for an answer, or stopped by a crash and not resumed yet) is deleted again
 * and refused with a `RunConflictError`. Checked after the run is stored, so of two runs started
 * at the same moment on one thread in two processes, never both go on: at least one sees the
 * other (both may be refused). Within one process `holdThread` decides first.
 */
export async function claimThread(
  store: RunStore,
  runId: string,
  threadId: string,
  lease: Lease,
): Promise<void> {
  const takeBack = async () => {
    await store.releaseLease(lease).catch(() => {});
    await store.deleteRun(runId).catch(() => {});
  };
  let other: StoredRun | undefined;
  try {
    const active = await store.listRuns({ threadId, status: ["running", "pending"], limit: 2 });
    other = active.find((run) => run.runId !== runId);
  } catch (error) {
    await takeBack();
    throw error;
  }
  if (other === undefined) return;
  await takeBack();
  throw new RunConflictError(
    `Thread "${threadId}" has a run in progress ("${other.runId}", ${other.status}), and a thread takes one run at a time: wait for it to end, answer or resume it (resume("${other.runId}", { store })), or delete it.`,
  );
}
