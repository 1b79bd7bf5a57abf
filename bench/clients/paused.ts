/**
 * Memory of paused runs: a PromptAgentTask that pauses at a checkpoint after 10 tool rounds
 * (the mock keeps calling `add` until it has 10 results). Reports the bytes of one serialised
 * pending TaskResponse and the heap held by many pending runs, live and parsed back from JSON.
 *   node --conditions=alice-source --expose-gc clients/paused.ts <baseURL> <live runs> <parsed runs>
 */
import {
  AliceAgent,
  defineTool,
  type NodeContext,
  type NodeResult,
  PromptAgentTask,
  type TaskResponse,
} from "alice-agents";
import { PROMPT_AGENT_ROUTING } from "alice-agents/internal";
import { createOpenAI } from "alice-agents/openai";
import { z } from "../../node_modules/zod/index.js";
import { type PausedResult, report } from "../measurements.ts";
import {
  checkFinalText,
  INSTRUCTIONS,
  modelWithRounds,
  QUESTION,
  TOOL_DESCRIPTION,
  TOOL_NAME,
} from "../scenario.ts";
import type { AddSchema } from "./alice-agent.ts";

const ROUNDS = 10;
const [baseURL = "", liveText = "10000", parsedText = "10000"] = process.argv.slice(2);
const liveRuns = Number(liveText);
const parsedRuns = Number(parsedText);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** Routes the 10th tool round to `review`, whose checkpoint pauses the run. */
class PausesAfterTenRounds extends PromptAgentTask {
  constructor() {
    const model = createOpenAI({ apiKey: "test", baseURL })(modelWithRounds(ROUNDS));
    super({
      taskName: "rounds",
      agent: new AliceAgent({
        name: "rounds",
        model,
        systemMessage: INSTRUCTIONS,
        stream: false,
        maxToolRounds: ROUNDS + 1,
      }),
      templates: { task_template: "{{question}}" },
      tools: [
        defineTool({
          name: TOOL_NAME,
          description: TOOL_DESCRIPTION,
          input: z.object({ a: z.number(), b: z.number() }) as unknown as AddSchema,
          execute: ({ a, b }) => a + b,
        }),
      ],
      nodeEndCodeRouting: {
        ...PROMPT_AGENT_ROUTING,
        tool_call_execution: {
          0: ["llm_generation", false],
          1: ["tool_call_execution", true],
          2: ["review", false],
        },
        review: { 0: ["llm_generation", false] },
      },
      userCheckpoints: {
        review: {
          userPrompt: `${ROUNDS} tool rounds done. Continue?`,
          taskNextObj: { 0: "review", 1: null },
        },
      },
    });
  }

  override async execute_tool_call_execution(ctx: NodeContext): Promise<NodeResult> {
    const result = await super.execute_tool_call_execution(ctx);
    const rounds =
      1 + ctx.executionHistory.filter((n) => n.nodeName === "tool_call_execution").length;
    return result.exitCode === 0 && rounds >= ROUNDS ? { ...result, exitCode: 2 } : result;
  }

  execute_review(): NodeResult {
    return { exitCode: 0 };
  }
}

const task = new PausesAfterTenRounds();
const inputs = { question: QUESTION };

async function pausedRun(): Promise<TaskResponse> {
  const response = await task.run(inputs);
  if (response.status !== "pending")
    throw new Error(`paused run ended ${response.status}: ${JSON.stringify(response.error)}`);
  return response;
}

// One run, checked end to end: paused after 10 rounds, resumed from JSON, final text right.
const first = await pausedRun();
const serialized = JSON.stringify(first);
const resumed = await task.resume(JSON.parse(serialized), { selectedOption: 0 });
if (resumed.status !== "complete") throw new Error(`resumed run ended ${resumed.status}`);
checkFinalText("alice (resumed)", resumed.taskOutputs);

const timeEach = (count: number, fn: () => unknown) => {
  const start = performance.now();
  for (let i = 0; i < count; i++) fn();
  return (performance.now() - start) / count;
};
const serializeMs = timeEach(1000, () => JSON.stringify(first));
const parseMs = timeEach(1000, () => JSON.parse(serialized));

/** Makes `count` pending runs with 100 in flight (real runs against the mock), keeping them. */
async function pausedRuns(count: number): Promise<TaskResponse[]> {
  const deadline = performance.now() + 600_000;
  const kept: TaskResponse[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      kept.push(await pausedRun());
      if (performance.now() > deadline) throw new Error("paused runs took over 10 minutes");
    }
  };
  await Promise.all(Array.from({ length: Math.min(100, count) }, worker));
  return kept;
}

// Warm up (code, the connection pool at 100 sockets), then keep live pending responses.
await pausedRuns(300);
const before = heap();
const live = await pausedRuns(liveRuns);
const liveHeapBytes = heap() - before;
if (live.length !== liveRuns) throw new Error(`kept ${live.length} of ${liveRuns} runs`);
live.length = 0;

// The same state parsed back from JSON, as a server holds it after loading it from a store.
const base = heap();
const parsed: unknown[] = [];
for (let i = 0; i < parsedRuns; i++) parsed.push(JSON.parse(serialized));
const parsedHeapBytes = heap() - base;
if (parsed.length !== parsedRuns) throw new Error("parsed copies lost");

const result: PausedResult = {
  rounds: ROUNDS,
  serializedBytes: Buffer.byteLength(serialized),
  nodes: first.nodeReferences.length,
  messages: first.nodeReferences.reduce(
    (n, node) => n + (node.references.messages?.length ?? 0),
    0,
  ),
  liveRuns,
  liveHeapBytes,
  parsedRuns,
  parsedHeapBytes,
  serializeMs,
  parseMs,
};
report(result);
