// Engine micro-benchmark: node transitions per second and memory per run, no I/O.
// Run: npm run bench:engine   (node --expose-gc, Node 24 from node_modules/.bin)
import { cpus } from "node:os";
import { AliceTask, type NodeContext, type NodeResult, type TaskResponse } from "alice-agents";

/** a → b → c → a …; c ends the run once the loop has made `transitions` steps. */
class Loop extends AliceTask {
  constructor(transitions: number) {
    super({
      taskName: "loop",
      nodeEndCodeRouting: {
        a: { 0: ["b", false] },
        b: { 0: ["c", false] },
        c: { 2: ["a", false], 0: [null, false] },
      },
      maxNodeExecutions: transitions + 3,
      inputVariables: {
        type: "object",
        properties: { transitions: { type: "integer" } },
        required: ["transitions"],
      },
    });
  }
  execute_a(): NodeResult {
    return { exitCode: 0 };
  }
  execute_b(): NodeResult {
    return { exitCode: 0 };
  }
  execute_c(ctx: NodeContext): NodeResult {
    return {
      exitCode: ctx.executionHistory.length + 1 >= (ctx.inputs.transitions as number) ? 0 : 2,
    };
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc (npm run bench:engine does)");
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function transitionsPerSecond(transitions: number, repeats: number): Promise<number> {
  const task = new Loop(transitions);
  await task.run({ transitions }); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    const response = await task.run({ transitions });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (response.nodeReferences.length !== transitions || response.status !== "complete") {
      throw new Error(
        `unexpected run: ${response.nodeReferences.length} nodes, ${response.status}`,
      );
    }
    rates.push(transitions / seconds);
  }
  return median(rates);
}

async function runsPerSecond(runs: number): Promise<number> {
  const task = new Loop(3);
  for (let i = 0; i < 1000; i++) await task.run({ transitions: 3 });
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await task.run({ transitions: 3 });
  return runs / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function memory(runs: number): Promise<{ retained: number; leaked: number }> {
  const task = new Loop(3);
  for (let i = 0; i < 1000; i++) await task.run({ transitions: 3 });
  const before = heap();
  const kept: TaskResponse[] = [];
  for (let i = 0; i < runs; i++) kept.push(await task.run({ transitions: 3 }));
  const retained = heap() - before;
  kept.length = 0;
  const baseline = heap();
  for (let i = 0; i < runs; i++) await task.run({ transitions: 3 });
  const leaked = heap() - baseline;
  return { retained, leaked };
}

const loopRate = await transitionsPerSecond(9_999, 7);
const runRate = await runsPerSecond(20_000);
const mem = await memory(10_000);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

console.log(
  `alice-agents engine benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`,
);
console.log("| measure | result |");
console.log("|---|---|");
console.log(
  `| 3-node loop (a→b→c→a), one run of 9,999 transitions | ${Math.round(loopRate).toLocaleString("en")} transitions/s |`,
);
console.log(
  `| short runs (3 nodes each), sequential | ${Math.round(runRate).toLocaleString("en")} runs/s (${Math.round(runRate * 3).toLocaleString("en")} transitions/s) |`,
);
console.log(
  `| heap held by 10,000 completed TaskResponses | ${kib(mem.retained)} (${(mem.retained / 10_000).toFixed(0)} bytes per run) |`,
);
console.log(`| heap growth after 10,000 more runs, responses dropped | ${kib(mem.leaked)} |`);
