/**
 * The benchmark: alice-agents against the floor (the openai SDK with a hand-written loop) and the
 * frameworks people would pick instead, in one run, against a loopback mock. Writes results.md
 * and results.json.   npm run bench [-- --quick] [--clients floor,alice] [--rounds 3] [--out file]
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CLIENT_NAMES, type ClientName, isClientName } from "./client-names.ts";
import { describeMachine, readLoadAverage } from "./machine.ts";
import type {
  ColdResult,
  EngineResult,
  MeasureConfig,
  MeasureResult,
  PausedResult,
} from "./measurements.ts";
import {
  busyCpusSince,
  pinned,
  runNode,
  startMock,
  tryCpuTimes,
  waitForQuiet,
} from "./processes.ts";
import { renderReport } from "./report.ts";
import type { Collected } from "./summary.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    clients: { type: "string" },
    rounds: { type: "string" },
    "latency-ms": { type: "string", default: "0" },
    out: { type: "string" },
    skip: { type: "string", default: "" },
  },
});
if (Number(process.versions.node.split(".")[0]) < 24)
  throw new Error(
    `Node 24 runs the TypeScript sources; this is ${process.version}. Use npm run bench.`,
  );
if (!existsSync(join(import.meta.dirname, "node_modules", "openai")))
  throw new Error("Install the peers first: cd bench && npm install");

const quick = values.quick;
const clients: ClientName[] = (values.clients?.split(",") ?? CLIENT_NAMES).filter(isClientName);
const skip = new Set(values.skip.split(","));
const rounds = Number(values.rounds ?? (quick ? 1 : 5));
const coldRepeats = quick ? 2 : 5;
const measure: MeasureConfig = quick
  ? {
      warmupRuns: 50,
      batches: 2,
      sequentialRuns: 100,
      concurrentRuns: 200,
      concurrency: 100,
      streamRuns: 100,
      timeLimitMs: 60_000,
    }
  : {
      warmupRuns: 300,
      batches: 3,
      sequentialRuns: 200,
      concurrentRuns: 500,
      concurrency: 100,
      streamRuns: 200,
      timeLimitMs: 120_000,
    };
const engine = { transitions: 9_999, repeats: quick ? 2 : 7 };
const paused = { liveRuns: quick ? 500 : 10_000, parsedRuns: 10_000 };
const outFile = values.out ?? join(import.meta.dirname, "results.md");

const started = performance.now();
const log = (text: string) => process.stderr.write(`${text}\n`);

/** Builds alice-agents' JavaScript into bench/.alice-dist for the "as installed" client. */
function buildAlice(): boolean {
  const dist = join(import.meta.dirname, ".alice-dist");
  rmSync(dist, { recursive: true, force: true });
  const root = join(import.meta.dirname, "..");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const args = [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", dist];
  const built = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 120_000 });
  if (built.status !== 0) log(`alice-built skipped: tsc failed\n${built.stdout}${built.stderr}`);
  return built.status === 0;
}
if (clients.includes("alice-built") && !buildAlice())
  clients.splice(clients.indexOf("alice-built"), 1);
const mock = await startMock(Number(values["latency-ms"]));
const collected: Collected = {
  machine: describeMachine(),
  settings: {
    quick,
    rounds,
    coldRepeats,
    latencyMs: Number(values["latency-ms"]),
    pinned,
    measure,
    engine,
    paused,
  },
  clients,
  cold: {},
  measured: {},
  busyBefore: [],
  busyDuring: [],
  loadAverageEnd: "",
  seconds: 0,
};

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
  for (let round = 0; round < rounds; round++) {
    const order = clients.map((_, i) => clients[(i + round) % clients.length]!);
    // The floor is the reference: first in every round, the others rotated.
    const rotated = clients.includes("floor")
      ? (["floor", ...order.filter((c) => c !== "floor")] as ClientName[])
      : order;
    for (const client of rotated) {
      collected.busyBefore.push(await waitForQuiet(30));
      log(`round ${round + 1}/${rounds}: ${client}`);
      const cpu = tryCpuTimes();
      const result = await runNode<MeasureResult>(
        "clients/measure.ts",
        [client, mock.baseURL, JSON.stringify(measure)],
        { timeoutMs: 15 * 60_000 },
      );
      collected.busyDuring.push(busyCpusSince(cpu));
      collected.measured[client] = [...(collected.measured[client] ?? []), result];
    }
  }
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
const report = renderReport(collected);
writeFileSync(outFile, report);
writeFileSync(outFile.replace(/\.md$/, ".json"), `${JSON.stringify(collected, null, 2)}\n`);
process.stdout.write(report);
log(`wrote ${outFile}`);
