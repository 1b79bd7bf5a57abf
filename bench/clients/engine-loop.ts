/**
 * Engine only, no HTTP: a 3-node loop (a → b → c → a …) run for `transitions` node executions in
 * alice-agents' `AliceTask` and in LangGraph's `StateGraph` (no checkpointer), alternating.
 *   node --conditions=alice-source --expose-gc clients/engine-loop.ts <transitions> <repeats>
 */
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { AliceTask, type NodeContext, type NodeResult } from "alice-agents";
import { type EngineResult, report } from "../measurements.ts";

const transitions = Number(process.argv[2] ?? 9_999);
const repeats = Number(process.argv[3] ?? 7);
if (transitions % 3 !== 0) throw new Error("transitions must be a multiple of 3 (whole laps)");
const gc = (globalThis as { gc?: () => void }).gc;

class Loop extends AliceTask {
  constructor() {
    super({
      taskName: "loop",
      nodeEndCodeRouting: {
        a: { 0: ["b", false] },
        b: { 0: ["c", false] },
        c: { 2: ["a", false], 0: [null, false] },
      },
      maxNodeExecutions: transitions + 3,
    });
  }
  execute_a(): NodeResult {
    return { exitCode: 0 };
  }
  execute_b(): NodeResult {
    return { exitCode: 0 };
  }
  execute_c(ctx: NodeContext): NodeResult {
    return { exitCode: ctx.executionHistory.length + 1 >= transitions ? 0 : 2 };
  }
}

const State = Annotation.Root({ laps: Annotation<number> });
const graph = new StateGraph(State)
  .addNode("a", () => ({}))
  .addNode("b", () => ({}))
  .addNode("c", (state) => ({ laps: state.laps + 1 }))
  .addEdge(START, "a")
  .addEdge("a", "b")
  .addEdge("b", "c")
  .addConditionalEdges("c", (state) => (state.laps * 3 >= transitions ? END : "a"), ["a", END])
  .compile();

const alice = new Loop();

async function aliceRate(): Promise<number> {
  const start = performance.now();
  const response = await alice.run();
  const seconds = (performance.now() - start) / 1000;
  if (response.status !== "complete" || response.nodeReferences.length !== transitions)
    throw new Error(`alice loop: ${response.status} after ${response.nodeReferences.length} nodes`);
  return transitions / seconds;
}

async function langgraphRate(): Promise<number> {
  const start = performance.now();
  const state = await graph.invoke({ laps: 0 }, { recursionLimit: transitions + 10 });
  const seconds = (performance.now() - start) / 1000;
  if (state.laps * 3 !== transitions) throw new Error(`langgraph loop: ${state.laps} laps`);
  return transitions / seconds;
}

await aliceRate();
await langgraphRate();
const result: EngineResult = { transitions, repeats, alice: [], langgraph: [] };
for (let i = 0; i < repeats; i++) {
  gc?.();
  result.alice.push(await aliceRate());
  gc?.();
  result.langgraph.push(await langgraphRate());
}
report(result);
