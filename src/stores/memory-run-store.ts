import {
  type JournalEntry,
  type Lease,
  type LoadedRun,
  type NewRun,
  type PrunePolicy,
  RUN_SCHEMA_VERSION,
  type RunQuery,
  type RunStore,
  type RunStoreOptions,
  type RunWrite,
  type StoreCallOptions,
  type StoredRun,
  type StoredRunStatus,
} from "./run-store.ts";
import {
  checkCall,
  checkJournal,
  checkLeaseRequest,
  checkNewRun,
  checkSchemaVersion,
  checkWrite,
  checkWriteAllowed,
  leaseHeld,
  type NormalizedQuery,
  normalizePrune,
  normalizeQuery,
  parseJson,
  runExists,
  runNotFound,
  toIso,
} from "./run-store-checks.ts";

/** A run as the memory store keeps it: values as JSON text, as a database would. */
interface MemoryRun {
  runId: string;
  taskName: string;
  parentRunId: string | undefined;
  threadId: string | undefined;
  status: StoredRunStatus;
  version: number;
  schemaVersion: number;
  createdAt: number;
  updatedAt: number;
  snapshot: string;
  events: { seq: number; kind: string; data: string; at: number }[];
  journal: Map<
    string,
    {
      kind: JournalEntry["kind"];
      state: JournalEntry["state"];
      value: string | null;
      updatedAt: number;
    }
  >;
  /** The newest lease; `owner` is null once it is released. Token 0: never leased. */
  lease: { owner: string | null; token: number; expiresAt: number };
}

const RUNS = new WeakMap<MemoryRunStore, Map<string, MemoryRun>>();

/**
 * A `RunStore` in this process's memory, for tests and short-lived programs: it passes the same
 * conformance suite as the SQLite and PostgreSQL stores. Values are kept as JSON text, so what
 * comes back is a copy that went through JSON, never an object the caller still holds.
 */
export class MemoryRunStore implements RunStore {
  readonly #now: () => number;
  readonly #runs = new Map<string, MemoryRun>();
  /** Store-wide, so a deleted and re-created run never gets a token it had before. */
  #lastToken = 0;
  #closed = false;

  constructor(options: RunStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    RUNS.set(this, this.#runs);
  }

  async createRun(run: NewRun, options?: StoreCallOptions): Promise<StoredRun> {
    this.#check(options);
    const snapshot = checkNewRun(run);
    if (this.#runs.has(run.runId)) throw runExists(run.runId);
    const now = this.#now();
    const stored: MemoryRun = {
      runId: run.runId,
      taskName: run.taskName,
      parentRunId: run.parentRunId,
      threadId: run.threadId,
      status: run.status,
      version: 1,
      schemaVersion: RUN_SCHEMA_VERSION,
      createdAt: now,
      updatedAt: now,
      snapshot,
      events: [],
      journal: new Map(),
      lease: { owner: null, token: 0, expiresAt: 0 },
    };
    this.#runs.set(run.runId, stored);
    return toStoredRun(stored);
  }

  async appendRun(runId: string, write: RunWrite, options?: StoreCallOptions): Promise<number> {
    this.#check(options);
    const texts = checkWrite(runId, write);
    const run = this.#runs.get(runId);
    if (run === undefined) throw runNotFound(runId, "RunStore.appendRun()");
    checkSchemaVersion(runId, run.schemaVersion);
    checkWriteAllowed(runId, write, { newestToken: run.lease.token, version: run.version });
    const now = this.#now();
    let seq = run.events.at(-1)?.seq ?? 0;
    for (const event of texts.events) run.events.push({ ...event, seq: ++seq, at: now });
    run.snapshot = texts.snapshot;
    run.status = write.status;
    run.updatedAt = now;
    return ++run.version;
  }

  async loadRun(runId: string, options?: StoreCallOptions): Promise<LoadedRun | undefined> {
    this.#check(options);
    const run = this.#runs.get(runId);
    if (run === undefined) return undefined;
    checkSchemaVersion(runId, run.schemaVersion);
    return {
      run: toStoredRun(run),
      events: run.events.map((e) => ({
        seq: e.seq,
        kind: e.kind,
        data: parseJson(e.data),
        at: toIso(e.at),
      })),
    };
  }

  async getJournal(
    runId: string,
    key: string,
    options?: StoreCallOptions,
  ): Promise<JournalEntry | undefined> {
    this.#check(options);
    const entry = this.#runs.get(runId)?.journal.get(key);
    if (entry === undefined) return undefined;
    return {
      runId,
      key,
      kind: entry.kind,
      state: entry.state,
      ...(entry.value === null ? {} : { value: parseJson(entry.value) }),
      updatedAt: toIso(entry.updatedAt),
    };
  }

  async putJournal(
    entry: JournalEntry,
    fencingToken: number,
    options?: StoreCallOptions,
  ): Promise<void> {
    this.#check(options);
    const value = checkJournal(entry, fencingToken);
    const run = this.#runs.get(entry.runId);
    if (run === undefined) throw runNotFound(entry.runId, "RunStore.putJournal()");
    checkWriteAllowed(
      entry.runId,
      { fencingToken },
      { newestToken: run.lease.token, version: run.version },
    );
    run.journal.set(entry.key, {
      kind: entry.kind,
      state: entry.state,
      value,
      updatedAt: this.#now(),
    });
  }

  async acquireLease(
    runId: string,
    owner: string,
    ttlMs: number,
    options?: StoreCallOptions,
  ): Promise<Lease> {
    this.#check(options);
    checkLeaseRequest(runId, owner, ttlMs);
    const run = this.#runs.get(runId);
    if (run === undefined) throw runNotFound(runId, "RunStore.acquireLease()");
    const now = this.#now();
    const held = run.lease;
    if (held.owner !== null && held.owner !== owner && held.expiresAt > now) {
      throw leaseHeld(runId, held.owner, held.expiresAt);
    }
    run.lease = { owner, token: ++this.#lastToken, expiresAt: now + ttlMs };
    return { runId, owner, token: run.lease.token, expiresAt: run.lease.expiresAt };
  }

  async releaseLease(lease: Lease, options?: StoreCallOptions): Promise<void> {
    this.#check(options);
    const run = this.#runs.get(lease.runId);
    if (run === undefined || run.lease.token !== lease.token) return;
    run.lease = { owner: null, token: run.lease.token, expiresAt: 0 };
  }

  async listRuns(query?: RunQuery, options?: StoreCallOptions): Promise<StoredRun[]> {
    this.#check(options);
    const q = normalizeQuery(query);
    const found = newestFirst([...this.#runs.values()].filter((run) => matches(run, q))).slice(
      0,
      q.limit,
    );
    for (const run of found) checkSchemaVersion(run.runId, run.schemaVersion);
    return found.map(toStoredRun);
  }

  async deleteRun(runId: string, options?: StoreCallOptions): Promise<boolean> {
    this.#check(options);
    return this.#runs.delete(runId);
  }

  async pruneRuns(policy: PrunePolicy, options?: StoreCallOptions): Promise<number> {
    this.#check(options);
    const p = normalizePrune(policy);
    const candidates = newestFirst(
      [...this.#runs.values()].filter((run) => p.statuses.includes(run.status)),
    ).slice(p.keepLast ?? 0);
    let deleted = 0;
    for (const run of candidates) {
      if (p.olderThan !== undefined && run.updatedAt >= p.olderThan) continue;
      this.#runs.delete(run.runId);
      deleted++;
    }
    return deleted;
  }

  /**
   * A diagnostic: the UTF-8 bytes of everything the store holds (identifiers, JSON texts), the
   * memory store's measure of "bytes stored" (the JavaScript objects around them are not counted).
   */
  async storedBytes(options?: StoreCallOptions): Promise<number> {
    this.#check(options);
    let bytes = 0;
    const size = (text: string | null | undefined): number =>
      text == null ? 0 : Buffer.byteLength(text);
    for (const run of this.#runs.values()) {
      bytes += size(run.runId) + size(run.taskName) + size(run.parentRunId) + size(run.threadId);
      bytes += size(run.status) + size(run.snapshot) + size(run.lease.owner);
      for (const event of run.events) bytes += size(event.kind) + size(event.data);
      for (const [key, entry] of run.journal) bytes += size(key) + size(entry.value);
    }
    return bytes;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(options: StoreCallOptions | undefined): void {
    checkCall("MemoryRunStore", this.#closed, options?.signal);
  }
}

/**
 * For tests only (not exported by the package): rewrites a stored run's `schemaVersion`, as a
 * run written by another version of alice-agents would have it.
 */
export function setMemoryRunSchemaVersion(
  store: MemoryRunStore,
  runId: string,
  schemaVersion: number,
): void {
  const run = RUNS.get(store)?.get(runId);
  if (run === undefined) throw runNotFound(runId, "setMemoryRunSchemaVersion()");
  run.schemaVersion = schemaVersion;
}

function matches(run: MemoryRun, q: NormalizedQuery): boolean {
  return (
    (q.taskName === undefined || run.taskName === q.taskName) &&
    (q.statuses === undefined || q.statuses.includes(run.status)) &&
    (q.threadId === undefined || run.threadId === q.threadId) &&
    (q.updatedAfter === undefined || run.updatedAt >= q.updatedAfter) &&
    (q.updatedBefore === undefined || run.updatedAt < q.updatedBefore)
  );
}

/** Most recently updated first; ties by runId, descending (as the SQL stores order them). */
function newestFirst(runs: MemoryRun[]): MemoryRun[] {
  return runs.sort(
    (a, b) => b.updatedAt - a.updatedAt || (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0),
  );
}

function toStoredRun(run: MemoryRun): StoredRun {
  return {
    runId: run.runId,
    taskName: run.taskName,
    ...(run.parentRunId === undefined ? {} : { parentRunId: run.parentRunId }),
    ...(run.threadId === undefined ? {} : { threadId: run.threadId }),
    status: run.status,
    version: run.version,
    schemaVersion: run.schemaVersion,
    createdAt: toIso(run.createdAt),
    updatedAt: toIso(run.updatedAt),
    snapshot: parseJson(run.snapshot),
  };
}
