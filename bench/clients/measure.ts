/**
 * Measures one client in a fresh process: warm-up, then batches of sequential runs, runs with
 * `concurrency` in flight, and streaming runs. Every run's final text is checked.
 *   node --conditions=alice-source --expose-gc clients/measure.ts <client> <baseURL> <config JSON>
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { isClientName } from "../client-names.ts";
import {
  type MeasureConfig,
  type MeasureResult,
  type ModeFigures,
  report,
} from "../measurements.ts";
import { checkFinalText } from "../scenario.ts";
import { loadClient } from "./registry.ts";

const [name = "", baseURL = "", configText = "{}"] = process.argv.slice(2);
if (!isClientName(name)) throw new Error(`unknown client ${JSON.stringify(name)}`);
const config = JSON.parse(configText) as MeasureConfig;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");

const client = await (await loadClient(name))({ baseURL });
const stats = `${new URL(baseURL).origin}/stats`;

/** Runs `total` runs with `concurrency` in flight (1: one after another), checking each. */
async function runMany(
  run: () => Promise<string>,
  total: number,
  concurrency: number,
): Promise<void> {
  const deadline = performance.now() + config.timeLimitMs;
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      checkFinalText(name, await run());
      if (performance.now() > deadline)
        throw new Error(`${name}: a batch of ${total} runs took over ${config.timeLimitMs} ms`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

async function measure(
  run: () => Promise<string>,
  runs: number,
  concurrency: number,
  delay?: ReturnType<typeof monitorEventLoopDelay>,
): Promise<ModeFigures> {
  await runMany(run, config.warmupRuns, concurrency);
  const msPerRun: number[] = [];
  let cpuMicros = 0;
  for (let batch = 0; batch < config.batches; batch++) {
    gc!();
    const cpu = process.cpuUsage();
    const start = performance.now();
    delay?.enable();
    await runMany(run, runs, concurrency);
    delay?.disable();
    msPerRun.push((performance.now() - start) / runs);
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
  }
  return {
    msPerRun,
    cpuMsPerRun: cpuMicros / 1000 / (runs * config.batches),
    runs: runs * config.batches,
  };
}

async function requestCount(): Promise<number> {
  const counts = ((await (await fetch(stats)).json()) as { requests: Record<string, number> })
    .requests;
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

const run = () => client.run();
const requestsBefore = await requestCount();
const sequential = await measure(run, config.sequentialRuns, 1);
const delay = monitorEventLoopDelay({ resolution: 10 });
const concurrent = await measure(run, config.concurrentRuns, config.concurrency, delay);
const streamRun = client.runStream?.bind(client);
const stream = streamRun === undefined ? undefined : await measure(streamRun, config.streamRuns, 1);
const requests = (await requestCount()) - requestsBefore;
const runs =
  sequential.runs +
  concurrent.runs +
  (stream?.runs ?? 0) +
  config.warmupRuns * (stream === undefined ? 2 : 3);

const result: MeasureResult = {
  client: name,
  sequential,
  concurrent: { ...concurrent, eventLoopDelayP99Ms: delay.percentile(99) / 1e6 },
  ...(stream === undefined ? {} : { stream }),
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  requestsPerRun: requests / runs,
};
report(result);
