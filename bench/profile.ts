/**
 * Where a client's time goes: CPU profiles of the floor and a client over the same runs, against
 * the loopback mock, summarised side by side per run.
 *   npm run profile -- [client=alice] [mode=sequential|concurrent|stream] [runs=3000]
 * Profiles are kept in bench/profiles/ (open them in Chrome DevTools or speedscope).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isClientName } from "./client-names.ts";
import { runNode, startMock } from "./processes.ts";
import { type CpuProfile, summariseProfiles } from "./profile-summary.ts";

const [client = "alice", mode = "sequential", runsText = "3000"] = process.argv.slice(2);
if (!isClientName(client)) throw new Error(`unknown client ${JSON.stringify(client)}`);
if (!["sequential", "concurrent", "stream"].includes(mode)) throw new Error(`unknown mode ${mode}`);
const dir = join(import.meta.dirname, "profiles");
mkdirSync(dir, { recursive: true });

const mock = await startMock(0);
const profiles: { name: string; profile: CpuProfile }[] = [];
try {
  for (const name of ["floor", client]) {
    const file = join(dir, `${name}-${mode}.cpuprofile`);
    const result = await runNode<{ msPerRun: number; cpuMsPerRun: number }>(
      "clients/profile-run.ts",
      [name, mock.baseURL, runsText, mode, file],
      { timeoutMs: 10 * 60_000, gc: false },
    );
    process.stderr.write(
      `${name}: ${result.msPerRun.toFixed(3)} ms/run, ${result.cpuMsPerRun.toFixed(3)} ms CPU/run\n`,
    );
    profiles.push({ name: `${name} ${mode}`, profile: JSON.parse(readFileSync(file, "utf8")) });
  }
} finally {
  mock.stop();
}
process.stdout.write(`${summariseProfiles(profiles, Number(runsText))}\n`);
