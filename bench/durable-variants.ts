/**
 * The variants of the durable scenario (`npm run bench:durable`): the agent of the main benchmark
 * in alice-agents (built) and in LangGraph.js, each without a store and with each of its stores.
 * Shared by the harness and its workers; imports no framework.
 */

export type Framework = "alice" | "langgraph";
export type StoreKind = "none" | "memory" | "sqlite" | "postgres";

export interface Variant {
  framework: Framework;
  store: StoreKind;
  label: string;
  /**
   * LangGraph only: run with `durability: "sync"` (each checkpoint written before the next step
   * starts, as alice-agents does) instead of its default `"async"`, and for SQLite also
   * `PRAGMA synchronous=FULL` (an fsync per commit, alice-agents' setting) instead of the NORMAL
   * that better-sqlite3 builds in for WAL.
   */
  asAlice?: boolean;
  /**
   * alice only, a diagnostic: the SQLite store's connection set to `synchronous=NORMAL` (no fsync
   * per commit) by rewriting its `PRAGMA synchronous = FULL` as it opens. Not an option of the
   * store: it shows how much of the store's cost is the fsync.
   */
  synchronousNormal?: boolean;
  /** Asked for by issue 16; the others are extra rows for a like-for-like reading. */
  core: boolean;
}

export const VARIANTS = {
  "alice-none": {
    framework: "alice",
    store: "none",
    label: "alice-agents, no store",
    core: true,
  },
  "alice-memory": {
    framework: "alice",
    store: "memory",
    label: "alice-agents, `MemoryRunStore`",
    core: true,
  },
  "alice-sqlite": {
    framework: "alice",
    store: "sqlite",
    label: "alice-agents, SQLite file (`openSqliteRunStore`)",
    core: true,
  },
  "alice-sqlite-normal": {
    framework: "alice",
    store: "sqlite",
    label: "alice-agents, SQLite file, `synchronous=NORMAL` (diagnostic: no fsync per commit)",
    synchronousNormal: true,
    core: false,
  },
  "alice-postgres": {
    framework: "alice",
    store: "postgres",
    label: "alice-agents, PostgreSQL (`createPostgresRunStore`)",
    core: true,
  },
  "langgraph-none": {
    framework: "langgraph",
    store: "none",
    label: "LangGraph.js, no checkpointer",
    core: true,
  },
  "langgraph-memory": {
    framework: "langgraph",
    store: "memory",
    label: "LangGraph.js, `MemorySaver`",
    core: false,
  },
  "langgraph-sqlite": {
    framework: "langgraph",
    store: "sqlite",
    label: "LangGraph.js, `SqliteSaver` file",
    core: true,
  },
  "langgraph-sqlite-sync": {
    framework: "langgraph",
    store: "sqlite",
    label: 'LangGraph.js, `SqliteSaver` file, `durability: "sync"` + `synchronous=FULL`',
    asAlice: true,
    core: false,
  },
  "langgraph-postgres": {
    framework: "langgraph",
    store: "postgres",
    label: "LangGraph.js, `PostgresSaver`",
    core: true,
  },
  "langgraph-postgres-sync": {
    framework: "langgraph",
    store: "postgres",
    label: 'LangGraph.js, `PostgresSaver`, `durability: "sync"`',
    asAlice: true,
    core: false,
  },
} as const satisfies Record<string, Variant>;

export type VariantName = keyof typeof VARIANTS;

export const VARIANT_NAMES = Object.keys(VARIANTS) as VariantName[];

export function isVariantName(name: string): name is VariantName {
  return Object.hasOwn(VARIANTS, name);
}

export function variantOf(name: VariantName): Variant {
  return VARIANTS[name];
}

/** The variant a store variant is paired with: the same framework without a store. */
export function baselineOf(name: VariantName): VariantName {
  return VARIANTS[name].framework === "alice" ? "alice-none" : "langgraph-none";
}

/** Where a worker keeps its store: fresh for every worker process. */
export interface StoreSettings {
  /** bench/.alice-dist-durable: the built library the alice variants load. */
  aliceDist: string;
  /** SQLite variants: a file that does not exist yet. */
  sqlitePath?: string;
  /** PostgreSQL variants: the server and a schema that does not exist yet. */
  postgresUrl?: string;
  postgresSchema?: string;
}

/** What one run wrote, from a probe run with every store call counted. */
export interface Probe {
  /** alice: completed nodes (`node` events); LangGraph: checkpoints of the thread (super-steps). */
  steps: number;
  /** Events by kind (alice) or checkpoint writes by channel (LangGraph). */
  detail: Record<string, number>;
  /** Store (or checkpointer) calls of one run, by method. */
  calls: Record<string, number>;
  /** SQL statements the run sent (SQLite and PostgreSQL stores; BEGIN and COMMIT included). */
  statements?: number;
  /** Settings read back from the store: journal mode, synchronous, durability. */
  settings: Record<string, string>;
}

/** What the store holds now, and how many runs it holds. */
export interface StoredBytes {
  runs: number;
  /** SQLite: pages in use × page size (WAL included); PostgreSQL: pg_total_relation_size, summed. */
  bytes: number;
  /** PostgreSQL: the live rows' bytes (sum of pg_column_size), summed over the tables. */
  liveRowBytes?: number;
  /** SQLite: the database file and its -wal file on disk. */
  fileBytes?: number;
  /** Per table: the same measure as `bytes`. */
  tables: Record<string, number>;
}

/** Commands to a durable worker, one JSON line each. */
export type DurableCommand =
  | { cmd: "warmup"; runs: number }
  | { cmd: "probe" }
  | { cmd: "batch"; runs: number }
  | { cmd: "bytes" }
  | { cmd: "finish" };

export interface DurableBatch {
  msPerRun: number;
  cpuMsPerRun: number;
  runs: number;
}

export interface DurableFinish {
  maxRssBytes: number;
  runs: number;
}
