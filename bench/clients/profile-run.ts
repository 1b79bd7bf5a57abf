/**
 * Profiles one client: after a warm-up, records a V8 CPU profile of `runs` runs only.
 *   node --conditions=alice-source clients/profile-run.ts <client> <baseURL> <runs> <mode> <out.cpuprofile>
 * mode: sequential | concurrent (100 in flight) | stream.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { isClientName } from "../client-names.ts";
import { checkFinalText } from "../scenario.ts";
import { loadClient } from "./registry.ts";

const [
  name = "",
  baseURL = "",
  runsText = "3000",
  mode = "sequential",
  out = "profile.cpuprofile",
] = process.argv.slice(2);
if (!isClientName(name)) throw new Error(`unknown client ${JSON.stringify(name)}`);
const runs = Number(runsText);
const client = await (await loadClient(name))({ baseURL });
const run =
  mode === "stream" && client.runStream !== undefined
    ? client.runStream.bind(client)
    : client.run.bind(client);
const concurrency = mode === "concurrent" ? 100 : 1;
const deadline = performance.now() + 300_000;

async function runMany(total: number): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total && performance.now() < deadline) {
      started++;
      checkFinalText(name, await run());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

await runMany(Math.min(1000, runs));
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const cpu = process.cpuUsage();
const start = performance.now();
await runMany(runs);
const used = process.cpuUsage(cpu);
const { profile } = await session.post("Profiler.stop");
writeFileSync(out, JSON.stringify(profile));
session.disconnect();
process.stdout.write(
  `${JSON.stringify({ client: name, mode, runs, msPerRun: (performance.now() - start) / runs, cpuMsPerRun: (used.user + used.system) / 1000 / runs })}\n`,
);
