/**
 * A measuring worker of the durable scenario, for one variant (a framework and its store): it
 * opens a fresh store, builds the agent once, then answers the harness one JSON line each way:
 *   {"cmd":"warmup","runs":N} → N runs one after another
 *   {"cmd":"probe"} → one run (checked) with every store call counted, and what it stored
 *   {"cmd":"batch","runs":N} → N measured runs one after another (ms and CPU per run)
 *   {"cmd":"bytes"} → what the store holds now, and after how many runs
 *   {"cmd":"finish"} → closes the store; peak RSS and run count, then exit
 * Every run's final text is checked, and every run has its own run id (thread id).
 *   node --expose-gc clients/durable-worker.ts <variant> <baseURL> <StoreSettings JSON>
 */
import { createInterface } from "node:readline";
import {
  type DurableBatch,
  type DurableCommand,
  type DurableFinish,
  isVariantName,
  type Probe,
  type StoredBytes,
  type StoreSettings,
  variantOf,
} from "../durable-variants.ts";
import { checkFinalText } from "../scenario.ts";
import { createDurableClient } from "./durable.ts";

const [name = "", baseURL = "", settingsText = "{}"] = process.argv.slice(2);
if (!isVariantName(name)) throw new Error(`unknown variant ${JSON.stringify(name)}`);
const settings = JSON.parse(settingsText) as StoreSettings;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");

const client = await createDurableClient(variantOf(name), baseURL, settings);
let runs = 0;

async function runMany(total: number): Promise<void> {
  for (let i = 0; i < total; i++) {
    checkFinalText(name, await client.run());
    runs++;
  }
}

async function batch(total: number): Promise<DurableBatch> {
  // Reopen what idling closed (the keep-alive socket, the pool's connection), then measure.
  await runMany(10);
  gc!();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await runMany(total);
  const msPerRun = (performance.now() - start) / total;
  const used = process.cpuUsage(cpu);
  gc!();
  return { msPerRun, cpuMsPerRun: (used.user + used.system) / 1000 / total, runs: total };
}

async function answer(
  command: DurableCommand,
): Promise<{ ok: true } | Probe | DurableBatch | StoredBytes | DurableFinish | null> {
  switch (command.cmd) {
    case "warmup":
      await runMany(command.runs);
      gc!();
      return { ok: true };
    case "probe": {
      const { probe, text } = await client.probe();
      checkFinalText(name, text);
      runs++;
      return probe;
    }
    case "batch":
      return batch(command.runs);
    case "bytes":
      return (await client.storedBytes(runs)) ?? null;
    case "finish":
      await client.close();
      return { maxRssBytes: process.resourceUsage().maxRSS * 1024, runs };
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

process.stdout.write('{"ready":true}\n');
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as DurableCommand;
  process.stdout.write(`${JSON.stringify(await answer(command))}\n`);
  if (command.cmd === "finish") break;
}
process.exit(0);
