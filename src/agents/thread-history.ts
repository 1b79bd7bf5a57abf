import type { NodeContext, NodeResponse, NodeResult, RunThread } from "../engine/index.ts";
import { signalToPass } from "../engine/never-aborted.ts";
import type { JsonValue } from "../messages/json.ts";
import type { AssistantMessage, Message } from "../messages/message.ts";
import { journaled } from "./call-model.ts";
import { FatalNodeError } from "./fatal-node-error.ts";
import { AgentExitCode } from "./prompt-agent-routing.ts";

// A chat thread's conversation, the agent's side (`run(inputs, { store, threadId })`). Each run
// of a thread keeps one record in its journal, under "thread": the earlier turns it sent (within
// its window) and, once it answered, its own turn. The next run reads the record of the thread's
// newest complete run, so loading costs two reads and the window's size, however long the thread.

/** How many messages of earlier turns a thread run sends when `historyWindow` is not given. */
export const DEFAULT_HISTORY_WINDOW = 50;

/** The journal key of a run's thread record. */
export const THREAD_KEY = "thread";

/**
 * How many of a thread's newest complete runs are looked at for a record (runs of tasks that are
 * not agents keep none).
 */
const RUNS_SCANNED = 10;

/**
 * One run's turn of a thread: its task messages (the rendered task template, without the
 * system message), each tool round (the answer that called tools and their results), and its
 * final answer. Rejected answers and the feedback about them are left out.
 */
export interface ThreadTurn {
  runId: string;
  messages: Message[];
}

/** What a thread run keeps in its journal under `THREAD_KEY`. */
export interface ThreadRecord {
  /** The run's place in the thread: 1 for its first run, one more than the record it read. */
  seq: number;
  /** The earlier turns the run sent, oldest first (already within its window). */
  history: ThreadTurn[];
  /** The run's task messages. */
  prompt: Message[];
  /** The run's own turn, once it gave its final answer. */
  turn?: ThreadTurn;
}

/** A run's thread, loaded: its record and the history's messages, in the order they are sent. */
export interface LoadedThread {
  record: ThreadRecord;
  messages: readonly Message[];
}

/** What loading and recording a thread needs of the node. */
export type ThreadContext = Pick<NodeContext, "runId" | "executionHistory" | "journal" | "signal">;

/** Each run's loaded thread, keyed by its history array (the same object all run long). */
const loaded = new WeakMap<readonly NodeResponse[], LoadedThread>();

/**
 * The thread history a run sends, loaded once per run. A run that loaded it before (it is
 * resumed) reads its own record, so it sends what it sent; when another run of the thread
 * completed meanwhile (a cancelled run does not hold its thread), it ends with `RUN_CONFLICT`.
 * Otherwise the history is the record of the thread's newest complete run that keeps one, its
 * earlier turns and its own, cut to the window (see `windowTurns`), and journaled before the
 * first model call. `prompt` is the task messages this call renders (the first call).
 */
export async function loadThread(
  ctx: ThreadContext,
  thread: RunThread,
  prompt: readonly Message[] | undefined,
): Promise<LoadedThread> {
  const known = loaded.get(ctx.executionHistory);
  if (known !== undefined) return known;
  const journal = ctx.journal!;
  const own = await journaled(() => journal.read(THREAD_KEY));
  let record: ThreadRecord;
  if (own?.value !== undefined) {
    // A resumed run sends what it sent, unless the thread moved on while it was stopped
    // (cancelled runs do not hold a thread): its turn would fork the thread.
    record = readRecord(own.value, ctx.runId);
    const latest = await latestRecord(thread, ctx.signal);
    if (latest !== undefined && latest.seq >= record.seq) {
      throw new FatalNodeError({
        code: "RUN_CONFLICT",
        message: `Thread "${thread.threadId}" moved on while run "${ctx.runId}" was stopped (run "${latest.turn!.runId}" took turn ${latest.seq}): its turn cannot be added any more.`,
      });
    }
  } else {
    const window = thread.historyWindow ?? DEFAULT_HISTORY_WINDOW;
    const previous = await latestRecord(thread, ctx.signal);
    const earlier = previous === undefined ? [] : [...previous.history, previous.turn!];
    record = {
      seq: (previous?.seq ?? 0) + 1,
      history: windowTurns(earlier, window),
      prompt: (prompt ?? []).filter((m) => m.role !== "system"),
    };
    await journaled(() =>
      journal.write(THREAD_KEY, "model", { state: "started", value: toJson(record) }),
    );
  }
  const result = { record, messages: record.history.flatMap((turn) => turn.messages) };
  loaded.set(ctx.executionHistory, result);
  return result;
}

/** The messages to send: the thread's history after the system message, before the task. */
export function withHistory(messages: readonly Message[], history: readonly Message[]): Message[] {
  let system = 0;
  while (system < messages.length && messages[system]!.role === "system") system++;
  return [...messages.slice(0, system), ...history, ...messages.slice(system)];
}

/**
 * Records the run's own turn in its thread record when `result` is its final answer (not a tool
 * round, not rejected, not fatal): its task messages, its tool rounds from the history, and the
 * answer (any tool calls it carries that did not run left out).
 */
export async function recordTurn(
  ctx: ThreadContext,
  thread: LoadedThread,
  result: NodeResult,
  answer: AssistantMessage,
): Promise<void> {
  if (result.fatal !== undefined || result.exitCode === AgentExitCode.FAILURE) return;
  const judged = result.references?.messages ?? [answer];
  const last = judged.findLast((m) => m.role === "assistant") ?? answer;
  if (isToolRound(result.exitCode, last)) return;
  const { toolCalls: _notRun, ...final } = last;
  const messages = [...thread.record.prompt, ...toolRounds(ctx.executionHistory), final];
  const record: ThreadRecord = { ...thread.record, turn: { runId: ctx.runId, messages } };
  const journal = ctx.journal!;
  await journaled(() =>
    journal.write(THREAD_KEY, "model", { state: "completed", value: toJson(record) }),
  );
  thread.record = record;
}

/**
 * The turns that fit in `window` messages, oldest first. Newest first, each turn is kept whole
 * when it fits in what is left, else without its tool rounds (its task messages and final
 * answer) when that fits; the first turn that fits neither way is left out with every older
 * one. So a tool call is never sent without its result, and the history starts with a user
 * message.
 */
export function windowTurns(turns: readonly ThreadTurn[], window: number): ThreadTurn[] {
  const kept: ThreadTurn[] = [];
  let left = window;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    let messages = turn.messages;
    if (messages.length > left) messages = messages.filter((m) => !inToolRound(m));
    if (messages.length > left) break;
    kept.push(messages === turn.messages ? turn : { runId: turn.runId, messages });
    left -= messages.length;
  }
  return kept.reverse();
}

/**
 * The record of the thread's newest complete run that keeps one (with its turn): the newest by
 * the store's `updatedAt`, and among runs updated in the same millisecond the highest `seq`.
 * Usually one `listRuns` and one `getJournal`.
 */
async function latestRecord(
  thread: RunThread,
  signal: AbortSignal,
): Promise<ThreadRecord | undefined> {
  const { store, threadId } = thread;
  const passed = signalToPass(signal);
  const options = passed === undefined ? {} : { signal: passed };
  const query = { threadId, status: "complete", limit: RUNS_SCANNED } as const;
  const runs = await journaled(() => store.listRuns(query, options));
  let latest: { record: ThreadRecord; updatedAt: string } | undefined;
  for (const run of runs) {
    if (latest !== undefined && run.updatedAt !== latest.updatedAt) break;
    const entry = await journaled(() => store.getJournal(run.runId, THREAD_KEY, options));
    if (entry?.state !== "completed" || entry.value === undefined) continue;
    const record = readRecord(entry.value, run.runId);
    if (record.turn === undefined) continue;
    if (latest === undefined || record.seq > latest.record.seq)
      latest = { record, updatedAt: run.updatedAt };
  }
  return latest?.record;
}

/** The run's tool rounds so far: each answer that called tools, then the tools' results. */
function toolRounds(history: readonly NodeResponse[]): Message[] {
  const rounds: Message[] = [];
  for (const node of history) {
    const messages = node.references.messages ?? [];
    if (node.nodeName === "llm_generation") {
      const answer = messages.findLast((m) => m.role === "assistant");
      if (answer !== undefined && isToolRound(node.exitCode, answer)) rounds.push(answer);
    } else if (node.nodeName === "tool_call_execution" && node.exitCode === AgentExitCode.SUCCESS) {
      rounds.push(...messages.filter((m) => m.role === "tool"));
    }
  }
  return rounds;
}

function isToolRound(exitCode: number, answer: Message): boolean {
  return (
    exitCode === AgentExitCode.TOOL_CALLS &&
    answer.role === "assistant" &&
    answer.rejected === undefined &&
    (answer.toolCalls?.length ?? 0) > 0
  );
}

function inToolRound(message: Message): boolean {
  return message.role === "tool" || (message.role === "assistant" && !!message.toolCalls?.length);
}

/** A stored thread record, checked for its shape; a malformed one ends the run. */
function readRecord(value: JsonValue, runId: string): ThreadRecord {
  const record = value as Partial<ThreadRecord> | null;
  const isTurn = (turn: unknown): turn is ThreadTurn =>
    typeof turn === "object" &&
    turn !== null &&
    typeof (turn as ThreadTurn).runId === "string" &&
    Array.isArray((turn as ThreadTurn).messages);
  if (
    typeof record === "object" &&
    record !== null &&
    Number.isSafeInteger(record.seq) &&
    Array.isArray(record.history) &&
    record.history.every(isTurn) &&
    Array.isArray(record.prompt) &&
    (record.turn === undefined || isTurn(record.turn))
  )
    return record as ThreadRecord;
  throw new FatalNodeError({
    code: "RUN_STORE_FAILED",
    message: `The thread record of run "${runId}" (journal key "${THREAD_KEY}") is malformed.`,
  });
}

function toJson(record: ThreadRecord): JsonValue {
  return record as unknown as JsonValue;
}
