/**
 * A measuring worker for one client: it builds the client once, then answers commands from the
 * harness, one JSON line each way, so the harness can interleave the clients' batches in time:
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
import { loadClient } from "./registry.ts";

const [name = "", baseURL = "", configText = "{}"] = process.argv.slice(2);
if (!isClientName(name)) throw new Error(`unknown client ${JSON.stringify(name)}`);
const config = JSON.parse(configText) as MeasureConfig;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");

const client = await (await loadClient(name))({ baseURL });
const runStream = client.runStream?.bind(client);
let runs = 0;

/** Runs `total` runs with `concurrency` in flight (1: one after another), checking each. */
async function runMany(mode: Mode, total: number): Promise<void> {
  const run = mode === "stream" ? runStream : client.run.bind(client);
  if (run === undefined) throw new Error(`${name} does not stream`);
  const concurrency = mode === "concurrent" ? config.concurrency : 1;
  const deadline = performance.now() + config.timeLimitMs;
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      checkFinalText(name, await run());
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
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const cpu = process.cpuUsage();
  const start = performance.now();
  delay.enable();
  await runMany(mode, total);
  delay.disable();
  const msPerRun = (performance.now() - start) / total;
  const used = process.cpuUsage(cpu);
  // Leave no garbage for an idle-time collection to clean up while another client is measured.
  gc!();
  return {
    msPerRun,
    cpuMsPerRun: (used.user + used.system) / 1000 / total,
    runs: total,
    eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
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
