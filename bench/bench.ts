/**
 * The benchmark: alice-agents against the floor (the openai SDK with a hand-written loop) and the
 * frameworks people would pick instead, in one run, against a loopback mock. Writes results.md
 * and results.json.
 *   npm run bench [-- --quick] [--clients floor,alice] [--skip cold,engine,paused] [--out file]
 * `--scenario long` runs the agent for 20 tool rounds instead of one and reports the cost of
 * each round (round 1 against round 20: a cost that grows with the conversation shows there),
 * into results-long.md and results-long.json; cold start, engine and paused runs are skipped.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CLIENT_NAMES, type ClientName, isClientName } from "./client-names.ts";
import { describeMachine, readLoadAverage } from "./machine.ts";
import type {
  BatchReply,
  ColdResult,
  EngineResult,
  MeasureConfig,
  Mode,
  PausedResult,
  WarmupReply,
  WorkerSummary,
} from "./measurements.ts";
import {
  busyCpusSince,
  pinned,
  runNode,
  startMock,
  startWorker,
  tryCpuTimes,
  type Worker,
  waitForQuiet,
} from "./processes.ts";
import { renderReport } from "./report.ts";
import { renderLongReport } from "./report-long.ts";
import { LONG_TOOL_ROUNDS } from "./scenario.ts";
import type { Collected } from "./summary.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    clients: { type: "string" },
    "latency-ms": { type: "string", default: "0" },
    out: { type: "string" },
    skip: { type: "string", default: "" },
    scenario: { type: "string", default: "one-round" },
  },
});
if (values.scenario !== "one-round" && values.scenario !== "long")
  throw new Error(`--scenario is one-round (the default) or long, not ${values.scenario}`);
const long = values.scenario === "long";
const toolRounds = long ? LONG_TOOL_ROUNDS : 1;
if (Number(process.versions.node.split(".")[0]) < 24)
  throw new Error(
    `Node 24 runs the TypeScript sources; this is ${process.version}. Use npm run bench.`,
  );
if (!existsSync(join(import.meta.dirname, "node_modules", "openai")))
  throw new Error("Install the peers first: cd bench && npm install");

const quick = values.quick;
const clients: ClientName[] = (values.clients?.split(",") ?? CLIENT_NAMES).filter(isClientName);
if (!clients.includes("floor")) clients.unshift("floor");
// Cold start, the engine loop and paused runs are the one-round scenario's: not measured again.
const skip = new Set([...values.skip.split(","), ...(long ? ["cold", "engine", "paused"] : [])]);
const coldRepeats = quick ? 2 : 5;
// The long scenario's runs make 21 model requests, not 2: about a tenth as many runs.
const measure: MeasureConfig = long
  ? quick
    ? {
        rounds: 1,
        cycles: 3,
        warmupRuns: 20,
        sequentialRuns: 20,
        concurrentRuns: 200,
        concurrency: 100,
        streamRuns: 20,
        timeLimitMs: 60_000,
        toolRounds,
      }
    : {
        rounds: 3,
        cycles: 5,
        warmupRuns: 40,
        sequentialRuns: 40,
        concurrentRuns: 200,
        concurrency: 100,
        streamRuns: 40,
        timeLimitMs: 120_000,
        toolRounds,
      }
  : quick
    ? {
        rounds: 1,
        cycles: 2,
        warmupRuns: 50,
        sequentialRuns: 100,
        concurrentRuns: 200,
        concurrency: 100,
        streamRuns: 100,
        timeLimitMs: 60_000,
        toolRounds,
      }
    : {
        // Fresh processes of the same client differ by up to ±10% (JIT and heap layout), so more
        // rounds of fresh workers with fewer cycles each beat fewer, longer-lived ones.
        rounds: 3,
        cycles: 5,
        warmupRuns: 300,
        sequentialRuns: 200,
        concurrentRuns: 500,
        concurrency: 100,
        streamRuns: 200,
        timeLimitMs: 120_000,
        toolRounds,
      };
const engine = { transitions: 9_999, repeats: quick ? 2 : 7 };
const paused = { liveRuns: quick ? 500 : 10_000, parsedRuns: 10_000 };
const outFile = values.out ?? join(import.meta.dirname, long ? "results-long.md" : "results.md");
const MODES: readonly Mode[] = ["sequential", "concurrent", "stream"];

const started = performance.now();
const log = (text: string) => process.stderr.write(`${text}\n`);

/** Builds alice-agents' JavaScript into bench/.alice-dist as `npm run build` does, for the "as installed" client. */
function buildAlice(): boolean {
  const dist = join(import.meta.dirname, ".alice-dist");
  const script = join(import.meta.dirname, "..", "scripts", "build.ts");
  const args = [script, "--outdir", dist, "--no-types"];
  const built = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 120_000 });
  if (built.status !== 0)
    log(`alice-built skipped: the build failed\n${built.stdout}${built.stderr}`);
  return built.status === 0;
}
if (clients.includes("alice-built") && !buildAlice())
  clients.splice(clients.indexOf("alice-built"), 1);

const mock = await startMock(Number(values["latency-ms"]));
const stats = `${new URL(mock.baseURL).origin}/stats`;
const requestCount = async () => {
  const counts = ((await (await fetch(stats)).json()) as { requests: Record<string, number> })
    .requests;
  return Object.values(counts).reduce((a, b) => a + b, 0);
};

const collected: Collected = {
  machine: describeMachine(),
  settings: {
    quick,
    coldRepeats,
    latencyMs: Number(values["latency-ms"]),
    pinned,
    measure,
    engine,
    paused,
  },
  clients,
  cold: {},
  batches: [],
  workers: [],
  requests: [],
  busyBefore: [],
  busyDuring: [],
  loadAverageEnd: "",
  seconds: 0,
};

/** One round: a fresh worker per client, warmed up one at a time, then interleaved batches. */
async function measureRound(round: number): Promise<void> {
  const workers = new Map<ClientName, Worker>();
  try {
    for (const client of clients) {
      const args = [client, mock.baseURL, JSON.stringify(measure)];
      workers.set(client, await startWorker("clients/measure.ts", args, 60_000));
    }
    const before = await requestCount();
    const streams = new Set<ClientName>();
    for (const [client, worker] of workers) {
      log(`round ${round + 1}/${measure.rounds}: warm-up ${client}`);
      const reply = await worker.request<WarmupReply>({ cmd: "warmup" }, 10 * 60_000);
      if (reply.streams) streams.add(client);
    }
    for (let cycle = 0; cycle < measure.cycles; cycle++) {
      collected.busyBefore.push(await waitForQuiet(15));
      const cpu = tryCpuTimes();
      log(`round ${round + 1}/${measure.rounds}: cycle ${cycle + 1}/${measure.cycles}`);
      for (const mode of MODES) {
        // Rotate the order each cycle so no client always runs right after the same one.
        const order = clients.map((_, i) => clients[(i + cycle) % clients.length]!);
        for (const client of order) {
          if (mode === "stream" && !streams.has(client)) continue;
          const reply = await workers
            .get(client)!
            .request<BatchReply>({ cmd: "batch", mode }, measure.timeLimitMs + 60_000);
          collected.batches.push({ ...reply, client, mode, round, cycle });
        }
      }
      collected.busyDuring.push(busyCpusSince(cpu));
    }
    let runs = 0;
    for (const [client, worker] of workers) {
      const summary = await worker.request<WorkerSummary>({ cmd: "finish" }, 30_000);
      collected.workers.push({ ...summary, client, round });
      runs += summary.runs;
    }
    const expected = (toolRounds + 1) * runs;
    collected.requests.push({ counted: (await requestCount()) - before, expected });
  } finally {
    for (const worker of workers.values()) worker.kill();
  }
}

try {
  if (!skip.has("cold")) {
    for (let repeat = 0; repeat < coldRepeats; repeat++) {
      await waitForQuiet(10);
      for (const client of clients) {
        log(`cold start ${repeat + 1}/${coldRepeats}: ${client}`);
        const result = await runNode<ColdResult>("clients/cold.ts", [client, mock.baseURL], {
          timeoutMs: 60_000,
          gc: false,
        });
        collected.cold[client] = [...(collected.cold[client] ?? []), result];
      }
    }
  }
  for (let round = 0; round < measure.rounds; round++) await measureRound(round);
  if (!skip.has("engine")) {
    log("engine only: alice-agents vs LangGraph");
    collected.engine = await runNode<EngineResult>(
      "clients/engine-loop.ts",
      [String(engine.transitions), String(engine.repeats)],
      { timeoutMs: 10 * 60_000 },
    );
  }
  if (!skip.has("paused") && clients.includes("alice")) {
    log(`paused runs: ${paused.liveRuns} live, ${paused.parsedRuns} parsed`);
    collected.paused = await runNode<PausedResult>(
      "clients/paused.ts",
      [mock.baseURL, String(paused.liveRuns), String(paused.parsedRuns)],
      { timeoutMs: 12 * 60_000 },
    );
  }
} finally {
  mock.stop();
}

collected.loadAverageEnd = readLoadAverage();
collected.seconds = (performance.now() - started) / 1000;
const report = long ? renderLongReport(collected) : renderReport(collected);
writeFileSync(outFile, report);
writeFileSync(outFile.replace(/\.md$/, ".json"), `${JSON.stringify(collected, null, 2)}\n`);
process.stdout.write(report);
log(`wrote ${outFile}`);
