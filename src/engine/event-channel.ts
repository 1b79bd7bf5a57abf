/**
 * A queue between code that emits events (nodes, sub-tasks) and the run's async generator that
 * yields them, so events reach a stream consumer while a node is still running.
 */
export class EventChannel<T> {
  #items: T[] = [];
  #wake: (() => void) | undefined;

  push(item: T): void {
    this.#items.push(item);
    this.notify();
  }

  /** Wakes a pending `wait()` without an item (e.g. the awaited node finished). */
  notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Takes every queued item (empty array when none). */
  drain(): readonly T[] {
    if (this.#items.length === 0) return EMPTY;
    const items = this.#items;
    this.#items = [];
    return items;
  }

  /** Resolves when an item is pushed (at once if one is queued). */
  wait(): Promise<void> {
    if (this.#items.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }
}

const EMPTY: readonly never[] = [];
