import type { ErrorCode } from "../errors/codes.ts";
import type { ToolCall } from "../messages/message.ts";

/**
 * Where a durable run records each tool call, so that a run resumed after a crash never repeats
 * a side effect behind the model's back: `started` is written before the tool runs, `completed`
 * or `failed` with its result after. Declared here and implemented by the caller (the agent
 * hands the run's journal through), so tools know nothing of stores.
 */
export interface ToolJournal {
  /**
   * The call's journal key, and the idempotency key its tool receives: both the same each time
   * this call of this run is made (the model's tool-call ids are journaled too).
   */
  keysOf(call: ToolCall): { key: string; idempotencyKey: string };
  read(key: string): Promise<ToolJournalRecord | undefined>;
  /** Writes the call's record; what it throws (a lost lease) ends the round. */
  write(key: string, record: ToolJournalRecord): Promise<void>;
}

/** What the journal holds for one tool call. */
export interface ToolJournalRecord {
  state: "started" | "completed" | "failed";
  /** What the model read, once the call ended. */
  result?: ToolResultRecord;
  /**
   * A person's answer about a call that started and never ended (set by the run when it is
   * resumed with the answer): `happened` continues without running it, `not-happened` runs it.
   */
  resolution?: "happened" | "not-happened";
}

/** A tool call's result as the model read it. */
export interface ToolResultRecord {
  content: string;
  isError?: boolean;
  code?: ErrorCode;
}

/** What to do with a call, by its journal record. */
export type JournalDecision =
  /** It ended before: the model reads the same result again, and the tool does not run. */
  | { kind: "replay"; result: ToolResultRecord }
  /** It started and never ended, and running it again is not known to be safe: ask a person. */
  | { kind: "unconfirmed"; key: string }
  /** Run it (first time, an idempotent tool, or a person said the effect did not happen). */
  | { kind: "run"; key: string; idempotencyKey: string };

/** What the model reads for a call a person confirmed happened (its result was never recorded). */
export const CONFIRMED_EFFECT =
  "This call ran before the run stopped; a person confirmed that its effect happened. Its result was not recorded.";

/**
 * Decides a call by its journal record: replay what ended, run what never started, and for a
 * call that started but never ended run it again only when the tool is idempotent or a person
 * said its effect did not happen. A call a person confirmed is recorded as completed here.
 */
export async function decideCall(
  call: ToolCall,
  journal: ToolJournal,
  idempotent: boolean,
): Promise<JournalDecision> {
  const { key, idempotencyKey } = journal.keysOf(call);
  const record = await journal.read(key);
  if (record === undefined) return { kind: "run", key, idempotencyKey };
  if (record.state !== "started")
    return { kind: "replay", result: record.result ?? { content: "" } };
  if (record.resolution === "happened") {
    const result = { content: CONFIRMED_EFFECT };
    await journal.write(key, { state: "completed", result });
    return { kind: "replay", result };
  }
  if (idempotent || record.resolution === "not-happened")
    return { kind: "run", key, idempotencyKey };
  return { kind: "unconfirmed", key };
}
