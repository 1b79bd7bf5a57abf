// What one tool round of a PromptAgentTask costs the framework at round 1 and at round 20 of a
// run: the time from one model call to the next (judge the answer, run the tool, build the next
// request) with an in-process model that answers at once, so no HTTP is measured.
// Run: node test/agents/measure-round-cost.ts [src folder …]   (default: this checkout's src)
// Given two src folders (e.g. one extracted with `git archive <commit> src`), it measures them
// in the same process, batches interleaved, so drift of the machine hits both alike.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { LanguageModel, PromptAgentTask } from "../../src/index.ts";

type Alice = typeof import("../../src/index.ts");

const ROUNDS = 20;
const BATCHES = 40;
const RUNS_PER_BATCH = 100;
const WARMUP_RUNS = 300;

/** Time of each model call of the current run. */
let calls: number[] = [];

const model: LanguageModel = {
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

function agentTask(alice: Alice): PromptAgentTask {
  const add = alice.defineTool({
    name: "add",
    description: "Adds two numbers.",
    input: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } },
    execute: (args) => {
      const { a, b } = args as { a: number; b: number };
      return a + b;
    },
  });
  return new alice.PromptAgentTask({
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
}

/** Runs `runs` runs; adds each round's gap to the next model call (µs) to `gaps`, when given. */
async function measure(task: PromptAgentTask, runs: number, gaps?: number[][]): Promise<void> {
  for (let run = 0; run < runs; run++) {
    calls = [];
    const response = await task.run();
    if (response.status !== "complete" || calls.length !== ROUNDS + 1)
      throw new Error(`unexpected run: ${response.status}, ${calls.length} model calls`);
    for (let round = 1; round <= ROUNDS && gaps !== undefined; round++)
      gaps[round - 1]!.push((calls[round]! - calls[round - 1]!) * 1000);
  }
}

const folders = process.argv.length > 2 ? process.argv.slice(2) : ["src"];
const subjects = await Promise.all(
  folders.map(async (folder) => {
    const alice = (await import(pathToFileURL(resolve(folder, "index.ts")).href)) as Alice;
    const gaps: number[][] = Array.from({ length: ROUNDS }, () => []);
    return { folder, task: agentTask(alice), gaps };
  }),
);
for (const { task } of subjects) await measure(task, WARMUP_RUNS);
for (let batch = 0; batch < BATCHES; batch++)
  for (const { task, gaps } of subjects) await measure(task, RUNS_PER_BATCH, gaps);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${BATCHES * RUNS_PER_BATCH} runs of ${ROUNDS} tool rounds each; median µs per round`);
for (const { folder, gaps } of subjects) {
  const at = (round: number) => median(gaps[round - 1]!);
  console.log(
    `${folder}: round 1 ${at(1).toFixed(2)}, round 10 ${at(10).toFixed(2)}, round 20 ${at(20).toFixed(2)} (round 20 / round 1: ${(at(20) / at(1)).toFixed(2)}×)`,
  );
}
