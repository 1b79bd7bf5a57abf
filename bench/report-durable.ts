/**
 * Writes results-durable.md from what `npm run bench:durable` collected: each framework's agent
 * run without a store and with each store, paired per cycle with the same framework's run
 * without a store, the store's cost per run and per node, and the bytes stored per run.
 */
import type {
  DurableBatch,
  DurableFinish,
  Probe,
  StoredBytes,
  VariantName,
} from "./durable-variants.ts";
import { baselineOf, variantOf } from "./durable-variants.ts";
import type { Machine } from "./machine.ts";
import { median, spread } from "./stats.ts";

/** Everything one `npm run bench:durable` collected (also written to results-durable.json). */
export interface DurableCollected {
  machine: Machine;
  versions: Record<string, string>;
  settings: {
    quick: boolean;
    pinned: boolean;
    rounds: number;
    cycles: number;
    warmupRuns: number;
    batchRuns: number;
  };
  /** Where the SQLite files were, and what appending 4 KiB + fdatasync cost there (per round). */
  disk: {
    dir: string;
    fileSystem: string;
    /** 50 appends + fdatasync just before and just after each cycle. */
    fsync: { round: number; cycle: number; meanMs: number; medianMs: number; p90Ms: number }[];
  };
  variants: VariantName[];
  /** Variants not measured, and why. */
  skipped: Record<string, string>;
  /** Per variant, one probe per round. */
  probes: Partial<Record<VariantName, Probe[]>>;
  batches: (DurableBatch & { variant: VariantName; round: number; cycle: number })[];
  /** What each store held after the warm-up and after the last cycle, per round. */
  bytes: { variant: VariantName; round: number; before: StoredBytes; after: StoredBytes }[];
  workers: (DurableFinish & { variant: VariantName; round: number })[];
  /** Per round: model requests the mock counted against 2 × the runs the workers made. */
  requests: { counted: number; expected: number }[];
  busyBefore: number[];
  busyDuring: number[];
  loadAverageEnd: string;
  seconds: number;
}

/** Store (checkpointer) methods that write: each is one transaction (one commit) in SQLite and PostgreSQL. */
export const WRITE_METHODS: readonly string[] = [
  "createRun",
  "appendRun",
  "putJournal",
  "acquireLease",
  "releaseLease",
  "put",
  "putWrites",
];

/** Writes (commits) of one run, from the probe's counted calls. */
export function writesOf(probe: Probe | undefined): number {
  if (probe === undefined) return 0;
  return WRITE_METHODS.reduce((sum, method) => sum + (probe.calls[method] ?? 0), 0);
}

/** The target of issue 16: an agent run with the SQLite store within 1.15× the same run in memory. */
export const SQLITE_TARGET = 1.15;

export interface VariantSummary {
  ms: number;
  cpuMs: number;
  /** Paired per cycle with the same framework without a store: median ratio, its spread. */
  ratio: number;
  ratioSpread: number;
  /** Paired differences: what the store adds to a run (wall clock and CPU), median. */
  overheadMs: number;
  cpuOverheadMs: number;
  /** alice: completed nodes per run; LangGraph: checkpoints per run. */
  steps: number;
  /** Store calls that write (commit), per run. */
  writes: number;
  bytesPerRun?: number;
  liveRowBytesPerRun?: number;
  rssBytes: number;
  batches: number;
}

type Batch = DurableCollected["batches"][number];

/** Median ratio and spread of `variant`'s batches against `other`'s of the same round and cycle. */
export function pairedRatio(
  batches: readonly Batch[],
  variant: VariantName,
  other: VariantName,
): { ratio: number; spread: number; diffMs: number; cpuDiffMs: number; pairs: number } {
  const pairs = batches.flatMap((b) => {
    if (b.variant !== variant) return [];
    const o = batches.find(
      (x) => x.variant === other && x.round === b.round && x.cycle === b.cycle,
    );
    return o === undefined ? [] : [{ b, o }];
  });
  const ratios = pairs.map(({ b, o }) => b.msPerRun / o.msPerRun);
  return {
    ratio: median(ratios),
    spread: spread(ratios),
    diffMs: median(pairs.map(({ b, o }) => b.msPerRun - o.msPerRun)),
    cpuDiffMs: median(pairs.map(({ b, o }) => b.cpuMsPerRun - o.cpuMsPerRun)),
    pairs: pairs.length,
  };
}

function perRun(
  collected: DurableCollected,
  variant: VariantName,
  pick: (bytes: StoredBytes) => number | undefined,
): number | undefined {
  const values = collected.bytes.flatMap(({ variant: v, before, after }) => {
    const a = pick(after);
    const b = pick(before);
    return v !== variant || a === undefined || b === undefined || after.runs === before.runs
      ? []
      : [(a - b) / (after.runs - before.runs)];
  });
  return values.length === 0 ? undefined : median(values);
}

export function summariseDurable(collected: DurableCollected): Map<VariantName, VariantSummary> {
  const summaries = new Map<VariantName, VariantSummary>();
  for (const variant of collected.variants) {
    const mine = collected.batches.filter((b) => b.variant === variant);
    if (mine.length === 0) continue;
    const paired = pairedRatio(collected.batches, variant, baselineOf(variant));
    const probes = collected.probes[variant] ?? [];
    const steps = probes.length === 0 ? 0 : median(probes.map((p) => p.steps));
    const writes = probes.length === 0 ? 0 : median(probes.map(writesOf));
    const rss = collected.workers.filter((w) => w.variant === variant).map((w) => w.maxRssBytes);
    const bytesPerRun = perRun(collected, variant, (b) => b.bytes);
    const liveRowBytesPerRun = perRun(collected, variant, (b) => b.liveRowBytes);
    summaries.set(variant, {
      ms: median(mine.map((b) => b.msPerRun)),
      cpuMs: median(mine.map((b) => b.cpuMsPerRun)),
      ratio: paired.ratio,
      ratioSpread: paired.spread,
      overheadMs: paired.diffMs,
      cpuOverheadMs: paired.cpuDiffMs,
      steps,
      writes,
      ...(bytesPerRun === undefined ? {} : { bytesPerRun }),
      ...(liveRowBytesPerRun === undefined ? {} : { liveRowBytesPerRun }),
      rssBytes: median(rss),
      batches: mine.length,
    });
  }
  return summaries;
}

const ms = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2));
const us = (valueMs: number) => `${Math.round(valueMs * 1000).toLocaleString("en")} µs`;
const int = (value: number) => Math.round(value).toLocaleString("en");
const ratio = (value: number) => `${value.toFixed(2)}×`;
const pct = (share: number) => `±${(share * 100).toFixed(0)}%`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const calls = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");

/** The median (or max) over the disk probes of one fsync figure, with two decimals ("n/a" if none). */
function fsyncOf(
  collected: DurableCollected,
  key: "meanMs" | "medianMs" | "p90Ms",
  pick: (values: number[]) => number = median,
): string {
  const values = collected.disk.fsync.map((f) => f[key]);
  return values.length === 0 ? "n/a" : pick(values).toFixed(2);
}

export function renderDurableReport(collected: DurableCollected): string {
  const { machine, settings } = collected;
  const summaries = summariseDurable(collected);
  const lines: string[] = [];
  const out = (...text: string[]) => lines.push(...text);
  const label = (name: VariantName) => variantOf(name).label;
  const stepName = (name: VariantName) =>
    variantOf(name).framework === "alice" ? "node" : "checkpoint";

  out(
    "# Benchmark: durable runs (run stores and checkpointers)",
    "",
    `Written by \`npm run bench:durable\` (in \`bench/\`) on ${machine.date}: Node ${machine.node}, ` +
      `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.kernel}. ` +
      `alice-agents ${machine.aliceVersion}. The whole run took ${(collected.seconds / 60).toFixed(1)} min` +
      `${settings.quick ? " (**--quick**: too few iterations to quote)" : ""}.`,
    "",
    `Versions: ${Object.entries(collected.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}.`,
    "",
    `SQLite files: a fresh folder per round in \`${collected.disk.dir}\` (${collected.disk.fileSystem}); ` +
      `appending 4 KiB to a file + \`fdatasync\` there took ${fsyncOf(collected, "meanMs")} ms ` +
      `on average (median ${fsyncOf(collected, "medianMs")} ms, p90 ${fsyncOf(collected, "p90Ms")} ms; ` +
      "50 just before and 50 just after each cycle, median over those probes; the slowest probe " +
      `averaged ${fsyncOf(collected, "meanMs", (v) => Math.max(...v))} ms), the floor of one durable commit. ` +
      "PostgreSQL: the local server, a fresh schema per worker, dropped at the end.",
    "",
    "## An agent run with and without a store",
    "",
    'The agent of the main benchmark (one tool `add(a, b)`, "What is 2+3?", a tool call then the ' +
      "answer, checked on every run) against the loopback mock, which adds no latency: alice-agents " +
      "as installed (the built bundle, `PromptAgentTask`, `task.run(inputs, { store, runId })`) and " +
      "LangGraph.js (`createReactAgent`, `invoke(input, { configurable: { thread_id } })`). Every run " +
      "has its own run id or thread id, so the store grows by one run each time. Runs are one after " +
      "another. **× no store**: each batch against the same framework's batch without a store of the " +
      "same cycle, seconds apart (median of the paired ratios). **store cost**: the paired difference " +
      "in ms per run; per node (alice) or per checkpoint (LangGraph), divided by the nodes or " +
      "checkpoints a run writes; per write, divided by the store calls that write (each one " +
      "transaction: `createRun`, `appendRun`, `putJournal`, `acquireLease`, `releaseLease`; " +
      "LangGraph's `put`, `putWrites`).",
    "",
    "| variant | ms/run | × no store | spread | CPU ms/run | store cost per run (CPU) | nodes / checkpoints per run | store cost per node / checkpoint | store writes per run | cost per write | bytes stored per run |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const [name, s] of summaries) {
    const none = variantOf(name).store === "none";
    const bytes =
      s.bytesPerRun === undefined
        ? "–"
        : `${int(s.bytesPerRun)}${s.liveRowBytesPerRun === undefined ? "" : ` (live rows ${int(s.liveRowBytesPerRun)})`}`;
    out(
      `| ${label(name)} | ${ms(s.ms)} | ${none ? "1.00×" : ratio(s.ratio)} | ${none ? "–" : pct(s.ratioSpread)} ` +
        `| ${ms(s.cpuMs)} | ${none ? "–" : `${ms(s.overheadMs)} ms (${ms(s.cpuOverheadMs)} ms)`} ` +
        `| ${s.steps === 0 ? "–" : `${s.steps} ${stepName(name)}s`} ` +
        `| ${none || s.steps === 0 ? "–" : us(s.overheadMs / s.steps)} ` +
        `| ${none ? "–" : s.writes} | ${none || s.writes === 0 ? "–" : us(s.overheadMs / s.writes)} | ${bytes} |`,
    );
  }
  out(
    "",
    "- **CPU ms/run**: user + system CPU of the client's process per run (`process.cpuUsage()`); " +
      "the mock's and the PostgreSQL server's CPU are not in it, and neither is time spent waiting " +
      "for the disk. A store cost far above its CPU cost is waiting: for `fdatasync` (SQLite with " +
      "`synchronous=FULL`) or for the server's round trips and commits (PostgreSQL).",
    "- **bytes stored per run**: what the store grew by over the measured cycles, divided by the runs " +
      "made in them (median over rounds). SQLite: pages in use × page size, the WAL included " +
      "(`page_count − freelist_count`, read by a second connection). PostgreSQL: " +
      "`pg_total_relation_size` of the schema's tables summed (heap, TOAST and indexes, dead row " +
      "versions of updated rows included until vacuum); in brackets, the live rows alone " +
      "(`sum(pg_column_size(t.*))`).",
    "",
  );

  renderTarget(out, collected, summaries);
  renderWhatIsStored(out, collected, summaries);
  renderMethod(out, collected);
  return `${lines.join("\n")}\n`;
}

function renderTarget(
  out: (...text: string[]) => void,
  collected: DurableCollected,
  summaries: ReadonlyMap<VariantName, VariantSummary>,
): void {
  if (!summaries.has("alice-sqlite")) return;
  const rows: [string, VariantName][] = [
    ["`MemoryRunStore` (the same run in memory)", "alice-memory"],
    ["no store", "alice-none"],
  ];
  out(
    "## Target",
    "",
    `Issue 16: an agent run with the SQLite store within ${ratio(SQLITE_TARGET)} the same run in memory.`,
    "",
    "| alice-agents with the SQLite store against | multiple (paired per cycle) | spread | ms per run over the target | verdict |",
    "|---|---|---|---|---|",
  );
  for (const [what, other] of rows) {
    const base = summaries.get(other);
    if (base === undefined) continue;
    const paired = pairedRatio(collected.batches, "alice-sqlite", other);
    const over = Math.max(0, paired.ratio - SQLITE_TARGET) * base.ms;
    out(
      `| ${what} | ${ratio(paired.ratio)} | ${pct(paired.spread)} | ${over === 0 ? "–" : `${ms(over)} ms`} ` +
        `| ${paired.ratio <= SQLITE_TARGET ? "**met**" : `**missed** by ${ratio(paired.ratio - SQLITE_TARGET)}`} |`,
    );
  }
  if (summaries.has("alice-sqlite-normal") && summaries.has("alice-memory")) {
    const paired = pairedRatio(collected.batches, "alice-sqlite-normal", "alice-memory");
    out(
      `| *diagnostic*: \`MemoryRunStore\`, with the SQLite connection at \`synchronous=NORMAL\` (no fsync per commit; not a setting of the store) ` +
        `| ${ratio(paired.ratio)} | ${pct(paired.spread)} | – | ${paired.ratio <= SQLITE_TARGET ? "would be met" : "would still miss"} |`,
    );
  }
  const sqlite = summaries.get("alice-sqlite")!;
  const memory = summaries.get("alice-memory");
  const fsyncMs = Number(fsyncOf(collected, "meanMs"));
  if (memory !== undefined && sqlite.writes > 0)
    out(
      "",
      `The SQLite store makes ${sqlite.writes} writes per run, each its own transaction, committed with ` +
        `\`synchronous=FULL\` (an \`fdatasync\` of the WAL). At this disk's ${fsyncMs.toFixed(2)} ms per ` +
        `\`fdatasync\` (mean) that alone is about ${ms(sqlite.writes * fsyncMs)} ms per run, while ` +
        `${ratio(SQLITE_TARGET)} of the run in memory (${ms(memory.ms)} ms) leaves ` +
        `${ms((SQLITE_TARGET - 1) * memory.ms)} ms for the whole store: ` +
        `${us(((SQLITE_TARGET - 1) * memory.ms) / sqlite.writes)} per write. Measured: ` +
        `${us(sqlite.overheadMs / sqlite.writes)} per write (${us(sqlite.cpuOverheadMs / sqlite.writes)} of it CPU).`,
    );
  out("");
}

function renderWhatIsStored(
  out: (...text: string[]) => void,
  collected: DurableCollected,
  summaries: ReadonlyMap<VariantName, VariantSummary>,
): void {
  out(
    "## What one run stores",
    "",
    "From a probe run per worker with every store (checkpointer) call and every SQL statement " +
      "(BEGIN and COMMIT included) counted; settings read back " +
      "from the store. alice-agents: events of the run by kind; LangGraph: checkpoints of the thread. " +
      "Bytes per node (checkpoint): bytes stored per run divided by them.",
    "",
    "| variant | events / checkpoints | store calls per run | SQL statements per run | bytes per node / checkpoint | settings |",
    "|---|---|---|---|---|---|",
  );
  for (const [name, s] of summaries) {
    if (variantOf(name).store === "none") continue;
    const probe = collected.probes[name]?.[0];
    if (probe === undefined) continue;
    const detail =
      variantOf(name).framework === "alice"
        ? calls(probe.detail)
        : `${probe.steps} checkpoints${Object.keys(probe.detail).length === 0 ? "" : ` (pending writes: ${calls(probe.detail)})`}`;
    const perStep =
      s.bytesPerRun === undefined || s.steps === 0 ? "–" : int(s.bytesPerRun / s.steps);
    out(
      `| ${variantOf(name).label} | ${detail} | ${calls(probe.calls)} ` +
        `| ${probe.statements === undefined || probe.statements === 0 ? "–" : probe.statements} | ${perStep} ` +
        `| ${Object.entries(probe.settings)
          .map(([key, value]) => `${key} ${value}`)
          .join(", ")} |`,
    );
  }
  out("");
}

function renderMethod(out: (...text: string[]) => void, collected: DurableCollected): void {
  const { settings } = collected;
  const busy = collected.busyBefore.filter(Number.isFinite);
  const during = collected.busyDuring.filter(Number.isFinite);
  const fixed = (values: number[], pick: (v: number[]) => number) =>
    values.length === 0 ? "n/a" : pick(values).toFixed(2);
  const requests = collected.requests
    .map((r) => `${int(r.counted)} of ${int(r.expected)} expected`)
    .join("; ");
  const rss = collected.variants
    .map((name) => {
      const values = collected.workers.filter((w) => w.variant === name).map((w) => w.maxRssBytes);
      return values.length === 0 ? undefined : `${name} ${mib(median(values))}`;
    })
    .filter((text) => text !== undefined)
    .join(", ");
  out("## How this was measured", "");
  const skipped = Object.entries(collected.skipped);
  if (skipped.length > 0)
    out(`- **Not measured**: ${skipped.map(([name, why]) => `${name} (${why})`).join("; ")}.`);
  out(
    `- The mock in its own process${settings.pinned ? " pinned to CPU 1" : ""}; each variant in its own ` +
      `worker process${settings.pinned ? " pinned to CPU 0" : ""} with its own fresh store, one working at ` +
      "a time. The PostgreSQL server is not pinned: its backend shares the two CPUs with the mock and the client.",
    `- ${settings.rounds} round${settings.rounds === 1 ? "" : "s"} of fresh workers and stores. In each, every ` +
      `worker makes ${settings.warmupRuns} warm-up runs and one probe run, then ${settings.cycles} cycles interleave ` +
      `the variants (order rotated per cycle), ${settings.batchRuns} runs per batch after 10 unmeasured ones. ` +
      "Times are medians over batches; multiples are medians of paired ratios.",
    `- Model requests counted by the mock, per round: ${requests} (2 per run).`,
    "- alice-agents' stores write each completed node before the next one starts, and the model's " +
      "answers and tool calls to the journal (see docs/durability.md); its SQLite store runs WAL with " +
      '`synchronous=FULL`. LangGraph.js checkpoints each super-step with `durability: "async"` by ' +
      "default (the write overlaps the next step), and its `SqliteSaver` runs WAL with better-sqlite3's " +
      "built-in `synchronous=NORMAL` (no fsync per commit: a power cut may lose the last commits, a " +
      'process crash does not). The rows marked `durability: "sync"` (+ `synchronous=FULL`) ask ' +
      "LangGraph for alice-agents' guarantees.",
    `- Peak RSS per worker: ${rss}.`,
    "- Before each cycle the harness waits (up to 15 s) for the machine to be quiet; other work seen " +
      `then: median ${fixed(busy, median)} CPUs, max ${fixed(busy, (v) => Math.max(...v))}. During the ` +
      `cycles the whole machine kept median ${fixed(during, median)} CPUs busy (max ` +
      `${fixed(during, (v) => Math.max(...v))}), the client, the mock and PostgreSQL included. Load average ` +
      `at the start ${collected.machine.loadAverage}, at the end ${collected.loadAverageEnd}.`,
    "",
  );
}
