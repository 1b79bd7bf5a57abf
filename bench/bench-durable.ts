/**
 * The durable scenario (issue 16): the agent of the main benchmark (one tool round against the
 * loopback mock) in alice-agents as installed (the bundle `npm run build` makes, built into
 * bench/.alice-dist-durable so a `npm run bench` running at the same time keeps its own) without a
 * store and with `MemoryRunStore`, a SQLite file and PostgreSQL; and in LangGraph.js
 * (`createReactAgent`) without a checkpointer and with `MemorySaver`, `SqliteSaver` and
 * `PostgresSaver`. Every run has its own run id (thread id), and its final text is checked.
 * Reports ms per run, the multiple of the same framework without a store (paired per cycle),
 * the store's cost per run and per node (checkpoint), and the bytes stored per run, into
 * results-durable.md and results-durable.json.
 *   npm run bench:durable [-- --quick] [--variants alice-none,alice-sqlite,…] [--out file]
 *     [--postgres postgres://postgres@127.0.0.1:5432/test] [--sqlite-dir dir]
 * Every SQLite file is new (a fresh temporary folder per round, on the disk of `--sqlite-dir`,
 * the OS's temporary folder by default), every PostgreSQL schema is new and dropped at the end.
 * Needs bench's own install (`npm install` in bench/; package.json overrides better-sqlite3 to 13,
 * whose binaries ship in the package: 12 aborts on Node 24 when a statement is garbage collected)
 * and a PostgreSQL server (without one, its rows are skipped).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import pg from "pg";
import {
  baselineOf,
  type DurableBatch,
  type DurableFinish,
  isVariantName,
  type Probe,
  type StoredBytes,
  type StoreSettings,
  VARIANT_NAMES,
  type VariantName,
  variantOf,
} from "./durable-variants.ts";
import { describeMachine, readLoadAverage } from "./machine.ts";
import {
  busyCpusSince,
  pinned,
  startMock,
  startWorker,
  tryCpuTimes,
  type Worker,
  waitForQuiet,
} from "./processes.ts";
import { type DurableCollected, renderDurableReport } from "./report-durable.ts";
import { median, quantile } from "./stats.ts";

const BENCH = import.meta.dirname;
const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    variants: { type: "string" },
    out: { type: "string" },
    postgres: {
      type: "string",
      default: process.env.ALICE_BENCH_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test",
    },
    "sqlite-dir": { type: "string", default: tmpdir() },
  },
});
if (Number(process.versions.node.split(".")[0]) < 24)
  throw new Error(
    `Node 24 runs the TypeScript sources; this is ${process.version}. Use npm run bench:durable.`,
  );
if (!existsSync(join(BENCH, "node_modules", "@langchain", "langgraph-checkpoint-sqlite")))
  throw new Error("Install bench's dependencies first: cd bench && npm install");

const quick = values.quick;
const requested = values.variants?.split(",") ?? VARIANT_NAMES;
const unknown = requested.filter((name) => !isVariantName(name));
if (unknown.length > 0)
  throw new Error(`unknown variants ${unknown.join(", ")}; known: ${VARIANT_NAMES.join(", ")}`);
// Every store variant is paired with its framework's run without a store: always measure it.
const wanted = new Set(requested as VariantName[]);
for (const name of [...wanted]) wanted.add(baselineOf(name));
let variants = VARIANT_NAMES.filter((name) => wanted.has(name));

const measure = quick
  ? { rounds: 1, cycles: 2, warmupRuns: 30, batchRuns: 50 }
  : // A stored run costs 3–8× a run without a store: 100 runs per batch last as long as the main
    // benchmark's 200.
    { rounds: 3, cycles: 5, warmupRuns: 100, batchRuns: 100 };
const outFile = values.out ?? join(BENCH, "results-durable.md");
const postgresUrl = values.postgres;
const sqliteDir = values["sqlite-dir"];
const started = performance.now();
const log = (text: string) => process.stderr.write(`${text}\n`);
const skipped: Record<string, string> = {};
const firstLines = (text: string) => text.trim().split("\n").slice(0, 3).join(" / ").slice(0, 400);

/** Builds alice-agents as `npm run build` does (bundled JavaScript, no types), into our own folder. */
const aliceDist = join(BENCH, ".alice-dist-durable");
if (variants.some((name) => variantOf(name).framework === "alice")) {
  const script = join(BENCH, "..", "scripts", "build.ts");
  const built = spawnSync(process.execPath, [script, "--outdir", aliceDist, "--no-types"], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (built.status !== 0) {
    log(`alice variants skipped: the build failed\n${built.stdout}${built.stderr}`);
    for (const name of variants)
      if (variantOf(name).framework === "alice")
        skipped[name] = `the build failed: ${firstLines(built.stderr)}`;
    variants = variants.filter((name) => variantOf(name).framework !== "alice");
  }
}

/** The PostgreSQL server's version, or why there is none (its variants are then skipped). */
async function postgresVersion(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    return rows[0]?.v;
  } catch (error) {
    const reason = `no PostgreSQL server answered at ${postgresUrl.replace(/\/\/[^@]*@/, "//…@")}: ${String(error)}`;
    for (const name of variants) if (variantOf(name).store === "postgres") skipped[name] = reason;
    variants = variants.filter((name) => variantOf(name).store !== "postgres");
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: postgresUrl });
  try {
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } catch (error) {
    log(`could not drop the schemas ${schemas.join(", ")}: ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * What appending a 4 KiB page to a file and `fdatasync` cost on the SQLite files' disk, as a WAL
 * commit does: the floor of one durable commit. Mean, median and p90 of `count`.
 */
function fsyncLatency(
  dir: string,
  count: number,
): { meanMs: number; medianMs: number; p90Ms: number } {
  const file = join(dir, `fsync-probe-${process.pid}`);
  const fd = openSync(file, "w");
  const page = randomBytes(4096);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      writeSync(fd, page, 0, page.length, i * page.length);
      fdatasyncSync(fd);
      times.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  const meanMs = times.reduce((a, b) => a + b, 0) / times.length;
  return { meanMs, medianMs: median(times), p90Ms: quantile(times, 0.9) };
}

function fileSystemOf(dir: string): string {
  const found = spawnSync("findmnt", ["-n", "-o", "FSTYPE,SOURCE", "-T", dir], {
    encoding: "utf8",
  });
  return found.status === 0 ? found.stdout.trim().replace(/\s+/, " on ") : "unknown";
}

function versionOf(name: string): string {
  try {
    const file = join(BENCH, "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

function sqliteVersions(): { nodeSqlite: string; betterSqlite3: string } {
  const db = new DatabaseSync(":memory:");
  const nodeSqlite = String(
    (db.prepare("SELECT sqlite_version() AS v").get() as { v: string } | undefined)?.v,
  );
  db.close();
  // better-sqlite3 is native: its SQLite version is asked in a child (it may not load).
  const asked = spawnSync(
    process.execPath,
    [
      "-e",
      "const D=require('better-sqlite3');process.stdout.write(new D(':memory:').prepare('select sqlite_version() v').get().v)",
    ],
    { cwd: BENCH, encoding: "utf8" },
  );
  return {
    nodeSqlite,
    betterSqlite3: asked.status === 0 ? asked.stdout : `not loadable: ${firstLines(asked.stderr)}`,
  };
}

const machine = describeMachine();
const serverVersion = await postgresVersion();
const sqlite = sqliteVersions();
if (sqlite.betterSqlite3.startsWith("not loadable"))
  for (const name of variants)
    if (variantOf(name).framework === "langgraph" && variantOf(name).store === "sqlite") {
      skipped[name] = `better-sqlite3 ${sqlite.betterSqlite3} (run npm install in bench/)`;
    }
variants = variants.filter((name) => skipped[name] === undefined);

const collected: DurableCollected = {
  machine,
  versions: {
    "@langchain/langgraph": versionOf("@langchain/langgraph"),
    "@langchain/langgraph-checkpoint": versionOf("@langchain/langgraph-checkpoint"),
    "@langchain/langgraph-checkpoint-sqlite": versionOf("@langchain/langgraph-checkpoint-sqlite"),
    "@langchain/langgraph-checkpoint-postgres": versionOf(
      "@langchain/langgraph-checkpoint-postgres",
    ),
    "@langchain/openai": versionOf("@langchain/openai"),
    "better-sqlite3": `${versionOf("better-sqlite3")} (SQLite ${sqlite.betterSqlite3})`,
    "node:sqlite": `SQLite ${sqlite.nodeSqlite}`,
    pg: versionOf("pg"),
    PostgreSQL: serverVersion ?? "none",
  },
  settings: { quick, pinned, ...measure },
  disk: { dir: sqliteDir, fileSystem: fileSystemOf(sqliteDir), fsync: [] },
  variants,
  skipped,
  probes: {},
  batches: [],
  bytes: [],
  workers: [],
  requests: [],
  busyBefore: [],
  busyDuring: [],
  loadAverageEnd: "",
  seconds: 0,
};

const mock = await startMock(0);
const stats = `${new URL(mock.baseURL).origin}/stats`;
const requestCount = async () => {
  const counts = ((await (await fetch(stats)).json()) as { requests: Record<string, number> })
    .requests;
  return Object.values(counts).reduce((a, b) => a + b, 0);
};

/** One round: a fresh worker and a fresh store per variant, warmed up, then interleaved batches. */
async function measureRound(round: number): Promise<void> {
  const dir = mkdtempSync(join(sqliteDir, "alice-bench-durable-"));
  const schemas: string[] = [];
  const workers = new Map<VariantName, Worker>();
  try {
    const before = await requestCount();
    for (const name of [...variants]) {
      const variant = variantOf(name);
      const settings: StoreSettings = { aliceDist };
      if (variant.store === "sqlite") settings.sqlitePath = join(dir, `${name}.db`);
      if (variant.store === "postgres") {
        settings.postgresUrl = postgresUrl;
        settings.postgresSchema = `bench_durable_${name.replaceAll("-", "_")}_${process.pid}_${round}`;
        schemas.push(settings.postgresSchema);
      }
      try {
        const args = [name, mock.baseURL, JSON.stringify(settings)];
        workers.set(name, await startWorker("clients/durable-worker.ts", args, 60_000));
      } catch (error) {
        if (round > 0) throw error;
        log(`${name} skipped: ${String(error)}`);
        skipped[name] = `its worker did not start: ${firstLines(String(error))}`;
        variants = variants.filter((v) => v !== name);
      }
    }
    for (const [name, worker] of workers) {
      log(`round ${round + 1}/${measure.rounds}: warm-up ${name}`);
      await worker.request({ cmd: "warmup", runs: measure.warmupRuns }, 10 * 60_000);
      const probe = await worker.request<Probe>({ cmd: "probe" }, 60_000);
      collected.probes[name] = [...(collected.probes[name] ?? []), probe];
    }
    const bytesBefore = new Map<VariantName, StoredBytes | null>();
    for (const [name, worker] of workers)
      bytesBefore.set(name, await worker.request<StoredBytes | null>({ cmd: "bytes" }, 60_000));
    const probesDisk = variants.some((name) => variantOf(name).store === "sqlite");
    const order = [...workers.keys()];
    for (let cycle = 0; cycle < measure.cycles; cycle++) {
      collected.busyBefore.push(await waitForQuiet(15));
      if (probesDisk) collected.disk.fsync.push({ round, cycle, ...fsyncLatency(dir, 50) });
      const cpu = tryCpuTimes();
      log(`round ${round + 1}/${measure.rounds}: cycle ${cycle + 1}/${measure.cycles}`);
      // Rotate the order each cycle so no variant always runs right after the same one.
      for (let i = 0; i < order.length; i++) {
        const name = order[(i + cycle) % order.length]!;
        const reply = await workers
          .get(name)!
          .request<DurableBatch>({ cmd: "batch", runs: measure.batchRuns }, 10 * 60_000);
        collected.batches.push({ ...reply, variant: name, round, cycle });
      }
      collected.busyDuring.push(busyCpusSince(cpu));
      if (probesDisk) collected.disk.fsync.push({ round, cycle, ...fsyncLatency(dir, 50) });
    }
    for (const [name, worker] of workers) {
      const after = await worker.request<StoredBytes | null>({ cmd: "bytes" }, 60_000);
      const first = bytesBefore.get(name);
      if (after !== null && first !== null && first !== undefined)
        collected.bytes.push({ variant: name, round, before: first, after });
    }
    let runs = 0;
    for (const [name, worker] of workers) {
      const summary = await worker.request<DurableFinish>({ cmd: "finish" }, 60_000);
      collected.workers.push({ ...summary, variant: name, round });
      runs += summary.runs;
    }
    collected.requests.push({ counted: (await requestCount()) - before, expected: 2 * runs });
  } finally {
    for (const worker of workers.values()) worker.kill();
    await dropSchemas(schemas);
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  for (let round = 0; round < measure.rounds; round++) await measureRound(round);
} finally {
  mock.stop();
}

collected.variants = variants;
collected.loadAverageEnd = readLoadAverage();
collected.seconds = (performance.now() - started) / 1000;
const report = renderDurableReport(collected);
writeFileSync(outFile, report);
writeFileSync(outFile.replace(/\.md$/, ".json"), `${JSON.stringify(collected, null, 2)}\n`);
process.stdout.write(report);
log(`wrote ${outFile}`);
