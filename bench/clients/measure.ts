/**
 * A measuring worker for one client: it builds the client once, then answers commands from the
 * harness, one JSON line each way, so the harness can interleave the clients' batches in time
 * (in the long scenario, one-at-a-time batches also time each tool round of every run):
 *   {"cmd":"warmup"} → warm-up runs in every mode
 *   {"cmd":"batch","mode":"sequential"|"concurrent"|"stream"} → one measured batch
 *   {"cmd":"finish"} → peak RSS and run count, then exit
 * Every run's final text is checked.
 *   node --conditions=alice-source --expose-gc clients/measure.ts <client> <baseURL> <config JSON>
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { isClientName } from "../client-names.ts";
import type {
  BatchReply,
  MeasureConfig,
  Mode,
  WarmupReply,
  WorkerCommand,
  WorkerSummary,
} from "../measurements.ts";
import { checkFinalText } from "../scenario.ts";
import { median } from "../stats.ts";
import { loadClient } from "./registry.ts";

const [name = "", baseURL = "", configText = "{}"] = process.argv.slice(2);
if (!isClientName(name)) throw new Error(`unknown client ${JSON.stringify(name)}`);
const config = JSON.parse(configText) as MeasureConfig;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");

/** Start times of the current run's model requests (long scenario, one run at a time only). */
const requestStarts: number[] = [];
const timesRounds = config.toolRounds > 1;
if (timesRounds) {
  // Wrapped before the client is built: the openai SDK takes `fetch` when it is constructed.
  // Every client pays the same for it (a clock read per request), the floor included.
  const fetch = globalThis.fetch;
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    requestStarts.push(performance.now());
    return fetch(...args);
  }) as typeof fetch;
}

const client = await (await loadClient(name))({ baseURL, toolRounds: config.toolRounds });
const runStream = client.runStream?.bind(client);
let runs = 0;
/** The phases of each run of the current batch, when its runs are timed by round. */
let phases: number[][] | undefined;

/** One run split at its model requests: before request 1, each tool round, the final answer. */
async function timedRun(run: () => Promise<string>): Promise<string> {
  requestStarts.length = 0;
  const start = performance.now();
  const text = await run();
  const end = performance.now();
  if (requestStarts.length !== config.toolRounds + 1)
    throw new Error(
      `${name}: ${requestStarts.length} model requests in a run, expected ${config.toolRounds + 1}`,
    );
  const marks = [start, ...requestStarts, end];
  phases?.push(marks.slice(1).map((mark, i) => mark - marks[i]!));
  return text;
}

/** Runs `total` runs with `concurrency` in flight (1: one after another), checking each. */
async function runMany(mode: Mode, total: number): Promise<void> {
  const run = mode === "stream" ? runStream : client.run.bind(client);
  if (run === undefined) throw new Error(`${name} does not stream`);
  const concurrency = mode === "concurrent" ? config.concurrency : 1;
  const timed = timesRounds && concurrency === 1;
  const deadline = performance.now() + config.timeLimitMs;
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      checkFinalText(name, await (timed ? timedRun(run) : run()));
      runs++;
      if (performance.now() > deadline)
        throw new Error(`${name}: ${total} ${mode} runs took over ${config.timeLimitMs} ms`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

const batchRuns = (mode: Mode) =>
  mode === "sequential"
    ? config.sequentialRuns
    : mode === "concurrent"
      ? config.concurrentRuns
      : config.streamRuns;

async function batch(mode: Mode): Promise<BatchReply> {
  // Reopen what idling closed (keep-alive sockets: one wave at 100 in flight), then measure.
  await runMany(mode, mode === "concurrent" ? config.concurrency : 10);
  gc!();
  const total = batchRuns(mode);
  phases = timesRounds && mode !== "concurrent" ? [] : undefined;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const cpu = process.cpuUsage();
  const start = performance.now();
  delay.enable();
  await runMany(mode, total);
  delay.disable();
  const msPerRun = (performance.now() - start) / total;
  const used = process.cpuUsage(cpu);
  const measured = phases;
  phases = undefined;
  // Leave no garbage for an idle-time collection to clean up while another client is measured.
  gc!();
  return {
    msPerRun,
    cpuMsPerRun: (used.user + used.system) / 1000 / total,
    runs: total,
    eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
    ...(measured === undefined
      ? {}
      : { phaseMs: measured[0]!.map((_, i) => median(measured.map((run) => run[i]!))) }),
  };
}

async function answer(command: WorkerCommand): Promise<WarmupReply | BatchReply | WorkerSummary> {
  switch (command.cmd) {
    case "warmup": {
      const modes: Mode[] = ["sequential", "concurrent", ...(runStream ? ["stream" as const] : [])];
      for (const mode of modes) await runMany(mode, config.warmupRuns);
      gc!();
      return { streams: runStream !== undefined };
    }
    case "batch":
      return batch(command.mode);
    case "finish":
      return { maxRssBytes: process.resourceUsage().maxRSS * 1024, runs };
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

process.stdout.write('{"ready":true}\n');
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as WorkerCommand;
  process.stdout.write(`${JSON.stringify(await answer(command))}\n`);
  if (command.cmd === "finish") break;
}
process.exit(0);
