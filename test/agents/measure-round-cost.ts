// What one tool round of a PromptAgentTask costs the framework at round 1 and at round 20 of a
// run: the time from one model call to the next (judge the answer, run the tool, build the next
// request) with an in-process model that answers at once, so no HTTP is measured.
// Run: node test/agents/measure-round-cost.ts [path to a src/ folder, to compare a checkout]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

type Alice = typeof import("../../src/index.ts");

const ROUNDS = 20;
const RUNS = 2_000;
const WARMUP = 300;

const src = resolve(process.argv[2] ?? new URL("../../src", import.meta.url).pathname);
const alice = (await import(pathToFileURL(`${src}/index.ts`).href)) as Alice;

/** Time of each model call of the current run. */
let calls: number[] = [];

const model: import("../../src/index.ts").ModelProvider = {
  provider: "in-process",
  modelId: "instant",
  settings: {},
  async generate() {
    calls.push(performance.now());
    const round = calls.length;
    const said = { model: "instant", usage: { inputTokens: 1, outputTokens: 1 } };
    return {
      message:
        round <= ROUNDS
          ? {
              role: "assistant",
              content: "",
              toolCalls: [{ id: `call_${round}`, name: "add", arguments: `{"a":${round},"b":1}` }],
              finishReason: "tool-calls",
              ...said,
            }
          : { role: "assistant", content: "done", finishReason: "stop", ...said },
      attempts: 1,
    };
  },
  // biome-ignore lint/correctness/useYield: the runs measured never stream.
  async *stream() {
    throw new Error("not streamed");
  },
};

const add = alice.defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } },
  execute: (args) => (args as { a: number; b: number }).a + (args as { a: number; b: number }).b,
});

const task = new alice.PromptAgentTask({
  taskName: "adder",
  agent: new alice.AliceAgent({
    name: "adder",
    systemMessage: "You add numbers.",
    model,
    maxToolRounds: ROUNDS,
  }),
  templates: { task_template: "Add them up." },
  tools: [add],
});

/** Per round: the gap between model call `round` and the next, in microseconds, one per run. */
const gaps: number[][] = Array.from({ length: ROUNDS }, () => []);
for (let run = 0; run < WARMUP + RUNS; run++) {
  calls = [];
  const response = await task.run();
  if (response.status !== "complete" || calls.length !== ROUNDS + 1)
    throw new Error(`unexpected run: ${response.status}, ${calls.length} model calls`);
  if (run < WARMUP) continue;
  for (let round = 1; round <= ROUNDS; round++)
    gaps[round - 1]!.push((calls[round]! - calls[round - 1]!) * 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const shown = (round: number) => `${median(gaps[round - 1]!).toFixed(1)} µs`;
console.log(`${src}: ${RUNS} runs of ${ROUNDS} tool rounds, median per round`);
console.log(`  round 1: ${shown(1)}   round 10: ${shown(10)}   round 20: ${shown(20)}`);
console.log(`  round 20 / round 1: ${(median(gaps[19]!) / median(gaps[0]!)).toFixed(2)}×`);
