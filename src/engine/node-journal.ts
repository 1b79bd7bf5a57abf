import { createHash } from "node:crypto";
import type { JsonValue } from "../messages/json.ts";

/** One entry of a durable run's journal: a model answer or a tool call, by its key. */
export interface JournalRecord {
  state: "started" | "completed" | "failed";
  /** Plain JSON: the answer, the call's result, a person's resolution (see `EffectResolution`). */
  value?: JsonValue;
}

/**
 * The journal of one node execution in a durable run (a run given a `store`): what the node did
 * outside the run (a paid model call, a tool's side effect), recorded under keys that are the
 * same when the node runs again after a crash, so the resumed run reuses what was done instead
 * of doing it twice. `ctx.journal` is undefined when the run has no store.
 */
export interface NodeJournal {
  /**
   * The key of entry `id` of this node execution (task path, execution order, node, attempt,
   * id): the same when a resumed run executes this node again.
   */
  key(id: string): string;
  /** The key of the next entry of `kind` in this execution: `kind:0`, `kind:1`, … */
  nextKey(kind: string): string;
  /** A key to hand to the outside world for `key`: the same for the same entry of the same run. */
  idempotencyKey(key: string): string;
  read(key: string): Promise<JournalRecord | undefined>;
  /**
   * Writes an entry, fenced by the run's lease: throws `RunConflictError` once another process
   * owns the run (nothing is written then).
   */
  write(key: string, kind: "model" | "tool", record: JournalRecord): Promise<void>;
  /**
   * Pauses the run when this node returns (its result is dropped), asking a person whether the
   * side effect recorded as `started` under `key` happened. Resuming with the answer writes it
   * into the entry's value as `resolution` and runs the node again (see `EFFECT_OPTIONS`).
   */
  confirmEffect(question: EffectQuestion): void;
}

/** A side effect whose end was never recorded, put to a person. */
export interface EffectQuestion {
  /** The journal key of the `started` entry. */
  key: string;
  /** What the person reads: which call, with which arguments, and why it is asked. */
  userPrompt: string;
}

/** What a person answered about an unfinished side effect, written as the entry's `resolution`. */
export type EffectResolution = "happened" | "not-happened";

/** The options of an effect question, by number: what `resume(runId, { answer })` takes. */
export const EFFECT_OPTIONS: Readonly<Record<number, string>> = {
  0: "It happened: continue without running it",
  1: "It did not happen: run it now",
  2: "Stop the run",
};

/** The resolution an option writes; option 2 stops the run instead. */
export const EFFECT_RESOLUTIONS: Readonly<Record<number, EffectResolution>> = {
  0: "happened",
  1: "not-happened",
};

/** Where one node execution's journal reads and writes: the durable run, fenced by its lease. */
export interface JournalTarget {
  readonly runId: string;
  readJournal(key: string): Promise<JournalRecord | undefined>;
  writeJournal(key: string, kind: "model" | "tool", record: JournalRecord): Promise<void>;
}

/** The journal of one node execution: keys under its prefix, counters per kind, one question. */
export class ExecutionJournal implements NodeJournal {
  readonly #target: JournalTarget;
  readonly #prefix: string;
  readonly #counts = new Map<string, number>();
  readonly #ask: (question: EffectQuestion) => void;

  constructor(target: JournalTarget, prefix: string, ask: (question: EffectQuestion) => void) {
    this.#target = target;
    this.#prefix = prefix;
    this.#ask = ask;
  }

  key(id: string): string {
    return `${this.#prefix}/${id}`;
  }

  nextKey(kind: string): string {
    const index = this.#counts.get(kind) ?? 0;
    this.#counts.set(kind, index + 1);
    return this.key(`${kind}:${index}`);
  }

  idempotencyKey(key: string): string {
    return createHash("sha256").update(`${this.#target.runId}\u0000${key}`).digest("base64url");
  }

  read(key: string): Promise<JournalRecord | undefined> {
    return this.#target.readJournal(key);
  }

  write(key: string, kind: "model" | "tool", record: JournalRecord): Promise<void> {
    return this.#target.writeJournal(key, kind, record);
  }

  confirmEffect(question: EffectQuestion): void {
    this.#ask(question);
  }
}

/** The key prefix of one node execution: task path, execution order, node and attempt. */
export function executionPrefix(
  taskPath: readonly string[],
  executionOrder: number,
  nodeName: string,
  attempt: number,
): string {
  return `${taskPath.join("/")}#${executionOrder}:${nodeName}@${attempt}`;
}
