import type { RunSnapshot } from "../engine/run-snapshot.ts";
import type { RunStore, StoredRun, StoredRunStatus } from "../stores/run-store.ts";
import { CliError } from "./cli-error.ts";
import type { CliIO } from "./cli-io.ts";
import { type OpenedStore, openRunStore } from "./open-run-store.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { RESUME_FLAGS, resumeStoredRun } from "./resume-stored.ts";
import { ageOf, formatTable, nodeCount, pendingSummary } from "./run-format.ts";
import { showRun } from "./show-run.ts";
import { chooseStore, STORE_FLAGS, withBareStore } from "./store-flag.ts";

/** The subcommands of `alice runs`, in the order the help lists them. */
const SUBCOMMANDS = ["list", "show", "resume", "prune"] as const;

const STATUSES: readonly StoredRunStatus[] = [
  "running",
  "pending",
  "complete",
  "failed",
  "cancelled",
];

const LIST_FLAGS = {
  task: { type: "string" },
  status: { type: "string", multiple: true },
  limit: { type: "string" },
  all: { type: "boolean" },
  json: { type: "boolean" },
  ...STORE_FLAGS,
} as const;

const SHOW_FLAGS = { json: { type: "boolean" }, ...STORE_FLAGS } as const;

const PRUNE_FLAGS = {
  "older-than": { type: "string" },
  "keep-last": { type: "string" },
  "include-unfinished": { type: "boolean" },
  json: { type: "boolean" },
  ...STORE_FLAGS,
} as const;

/** How many runs `alice runs list` shows without `--limit`. */
const DEFAULT_LIMIT = 20;

/**
 * `alice runs list|show|resume|prune`: the runs in a store (`--store`, else `$ALICE_STORE`,
 * else `.alice/runs.db`). `alice runs` alone lists them. Returns the exit code.
 */
export async function runsCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const args = withBareStore(argv);
  const [first, ...rest] = args;
  if (first === undefined || first.startsWith("-")) return listRuns(args, io);
  switch (first) {
    case "list":
      return listRuns(rest, io);
    case "show":
      return showCommand(rest, io);
    case "resume": {
      const { values, positionals } = parseCommandArgs("runs resume", rest, RESUME_FLAGS, {
        names: ["run-id"],
      });
      return resumeStoredRun(positionals[0]!, values, io, "runs resume");
    }
    case "prune":
      return pruneRuns(rest, io);
    default:
      throw new CliError(
        "CLI_USAGE",
        `unknown subcommand "${first}" (subcommands: ${SUBCOMMANDS.join(", ")})`,
        { command: "runs" },
      );
  }
}

/** Opens the store of a `runs` subcommand, runs `use`, closes the store. */
async function withStore<T>(
  flag: string | undefined,
  io: CliIO,
  command: string,
  use: (store: OpenedStore) => Promise<T>,
): Promise<T> {
  const choice = chooseStore(flag, io, { fallback: true, command })!;
  const store = await openRunStore(choice, io, { create: false, command });
  try {
    return await use(store);
  } finally {
    await store.store.close();
  }
}

async function listRuns(argv: readonly string[], io: CliIO): Promise<number> {
  const command = "runs list";
  const { values } = parseCommandArgs(command, argv, LIST_FLAGS, { names: [] });
  const usage = (message: string) => new CliError("CLI_USAGE", message, { command });
  const statuses = (values.status ?? []).flatMap((s) => s.split(",")).map((s) => s.trim());
  for (const status of statuses)
    if (!STATUSES.includes(status as StoredRunStatus))
      throw usage(`--status ${status}: expected one of ${STATUSES.join(", ")}`);
  const limit =
    values.limit === undefined ? DEFAULT_LIMIT : wholeNumber(values.limit, "--limit", usage, 1);
  if (values.task !== undefined && values.task.trim() === "")
    throw usage("--task needs a task name");
  const query = {
    ...(values.task === undefined ? {} : { taskName: values.task }),
    ...(statuses.length === 0 ? {} : { status: statuses as StoredRunStatus[] }),
  };
  const signal = io.signal;
  return withStore(values.store, io, command, async (opened) => {
    const runs = await findRuns(opened.store, query, limit, values.all === true, signal);
    const nodes = await Promise.all(
      runs.map(async (run) => nodeCount(await opened.store.loadRun(run.runId, { signal }))),
    );
    if (values.json === true) {
      const rows = runs.map((run, i) => listEntry(run, nodes[i]));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (runs.length === 0) {
      const filtered = values.task !== undefined || statuses.length > 0;
      io.stdout.write(`no ${filtered ? "matching " : ""}runs in ${opened.where}\n`);
      return 0;
    }
    const now = Date.now();
    const rows = runs.map((run, i) => [
      run.runId,
      values.all === true ? taskPathOf(run).join(" › ") : run.taskName,
      run.status,
      nodes[i] === undefined ? "?" : String(nodes[i]),
      ageOf(run.updatedAt, now),
    ]);
    io.stdout.write(formatTable(["RUN ID", "TASK", "STATUS", "NODES", "UPDATED"], rows));
    if (runs.length === limit)
      io.stderr.write(`(the ${limit} most recently updated; --limit n shows more)\n`);
    return 0;
  });
}

/**
 * The most recently updated runs matching `query`: root runs only unless `all` (a workflow's
 * sub-task runs are stored as runs of their own). The store has no parent filter, so pages are
 * read until `limit` root runs are found.
 */
async function findRuns(
  store: RunStore,
  query: { taskName?: string; status?: StoredRunStatus[] },
  limit: number,
  all: boolean,
  signal: AbortSignal | undefined,
): Promise<StoredRun[]> {
  const options = signal === undefined ? {} : { signal };
  if (all) return store.listRuns({ ...query, limit }, options);
  const found: StoredRun[] = [];
  const seen = new Set<string>();
  let batch = Math.max(limit, 50);
  let before: string | undefined;
  for (;;) {
    const page = await store.listRuns(
      { ...query, limit: batch, ...(before === undefined ? {} : { updatedBefore: before }) },
      options,
    );
    let fresh = 0;
    for (const run of page) {
      if (seen.has(run.runId)) continue;
      seen.add(run.runId);
      fresh++;
      if (run.parentRunId !== undefined) continue;
      found.push(run);
      if (found.length === limit) return found;
    }
    if (page.length < batch) return found;
    // The next page starts at the last one's time (inclusive: runs updated in the same
    // millisecond may be on either side); a page of nothing new means more ties than fit.
    if (fresh === 0) batch *= 2;
    before = new Date(Date.parse(page.at(-1)!.updatedAt) + 1).toISOString();
  }
}

/** A run as `alice runs list --json` prints it. */
function listEntry(run: StoredRun, nodes: number | undefined): Record<string, unknown> {
  const pending = pendingSummary(run);
  return {
    runId: run.runId,
    taskName: run.taskName,
    ...(run.parentRunId === undefined ? {} : { parentRunId: run.parentRunId }),
    ...(run.threadId === undefined ? {} : { threadId: run.threadId }),
    taskPath: taskPathOf(run),
    status: run.status,
    nodes: nodes ?? null,
    version: run.version,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    ...(pending === undefined ? {} : { pending }),
  };
}

function taskPathOf(run: StoredRun): string[] {
  const path = (run.snapshot as unknown as Partial<RunSnapshot> | null)?.taskPath;
  return Array.isArray(path) && path.length > 0 ? path : [run.taskName];
}

async function showCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const command = "runs show";
  const { values, positionals } = parseCommandArgs(command, argv, SHOW_FLAGS, {
    names: ["run-id"],
  });
  return withStore(values.store, io, command, (opened) =>
    showRun(positionals[0]!, opened, { io, json: values.json === true }),
  );
}

async function pruneRuns(argv: readonly string[], io: CliIO): Promise<number> {
  const command = "runs prune";
  const { values } = parseCommandArgs(command, argv, PRUNE_FLAGS, { names: [] });
  const usage = (message: string) => new CliError("CLI_USAGE", message, { command });
  const olderThan =
    values["older-than"] === undefined ? undefined : olderThanTime(values["older-than"], usage);
  const keepLast =
    values["keep-last"] === undefined
      ? undefined
      : wholeNumber(values["keep-last"], "--keep-last", usage, 0);
  if (olderThan === undefined && keepLast === undefined)
    throw usage(
      "give --older-than <age> (e.g. 7d), --keep-last <n>, or both: which runs to delete",
    );
  const includeUnfinished = values["include-unfinished"] === true;
  return withStore(values.store, io, command, async (opened) => {
    const pruned = await opened.store.pruneRuns(
      {
        ...(olderThan === undefined ? {} : { olderThan }),
        ...(keepLast === undefined ? {} : { keepLast }),
        includeUnfinished,
      },
      io.signal === undefined ? {} : { signal: io.signal },
    );
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify({ pruned })}\n`);
      return 0;
    }
    const which = includeUnfinished ? "" : "finished ";
    const rule = [
      olderThan === undefined ? undefined : `not updated since ${olderThan.toISOString()}`,
      keepLast === undefined ? undefined : `beyond the ${keepLast} most recent`,
    ]
      .filter((part) => part !== undefined)
      .join(", ");
    io.stdout.write(
      `pruned ${pruned} ${which}run${pruned === 1 ? "" : "s"} (${rule}) from ${opened.where}\n`,
    );
    return 0;
  });
}

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `--older-than`: an age (`90s`, `30m`, `12h`, `7d`, `2w`) before now, or an ISO 8601 time. */
export function olderThanTime(
  text: string,
  usage: (message: string) => Error,
  now: number = Date.now(),
): Date {
  const age = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i.exec(text.trim());
  if (age !== null) return new Date(now - Number(age[1]) * UNIT_MS[age[2]!.toLowerCase()]!);
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const ms = Date.parse(text.trim());
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  throw usage(
    `--older-than: expected an age (90s, 30m, 12h, 7d, 2w) or an ISO 8601 time; got ${JSON.stringify(text)}`,
  );
}

function wholeNumber(
  text: string,
  flag: string,
  usage: (message: string) => Error,
  min: number,
): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(n) || n < min)
    throw usage(`${flag} must be a whole number >= ${min}; got ${JSON.stringify(text)}`);
  return n;
}
