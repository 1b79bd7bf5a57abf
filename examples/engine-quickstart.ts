// The engine in one file: tasks of nodes routed by exit codes, a retry, data passed between
// tasks by name, and a human approval that pauses the run and resumes it from JSON.
// Run it: npm start
import {
  AliceTask,
  type NodeContext,
  type NodeResult,
  type TaskEvent,
  Workflow,
} from "alice-agents";
import { z } from "zod";

const PRICES: Record<string, number> = { ACME: 12.5, GLOBEX: 48.1, INITECH: 3.2 };

/** Fetches prices; the first attempt fails (a flaky upstream) and the routing retries it. */
class FetchPrices extends AliceTask {
  constructor() {
    super({
      taskName: "FetchPrices",
      taskDescription: "Fetches the latest price of each symbol.",
      inputVariables: z.object({ symbols: z.array(z.string()).min(1) }),
      nodeEndCodeRouting: { fetch: { 0: [null, false], 1: ["fetch", true] } },
      maxAttempts: 3,
    });
  }

  execute_fetch(ctx: NodeContext): NodeResult {
    if (ctx.attempt === 1) throw new Error("upstream timed out (simulated)");
    const symbols = ctx.inputs.symbols as string[];
    return { exitCode: 0, output: Object.fromEntries(symbols.map((s) => [s, PRICES[s] ?? null])) };
  }
}

/** Writes a report from the prices (its input is named after the task that produced them). */
class WriteReport extends AliceTask {
  constructor() {
    super({
      taskName: "WriteReport",
      inputVariables: {
        type: "object",
        properties: { FetchPrices: { type: "object" } },
        required: ["FetchPrices"],
      },
      nodeEndCodeRouting: { write: { 0: ["publish", false] }, publish: { 0: [null, false] } },
      userCheckpoints: {
        publish: {
          userPrompt: "Publish the report?",
          taskNextObj: { 0: "publish", 1: null },
          requestFeedback: true,
        },
      },
    });
  }

  execute_write(ctx: NodeContext): NodeResult {
    const prices = Object.entries(ctx.inputs.FetchPrices as Record<string, number | null>);
    const lines = prices.map(
      ([symbol, price]) => `  ${symbol.padEnd(8)} ${price === null ? "n/a" : price.toFixed(2)}`,
    );
    return { exitCode: 0, output: `Market report\n${lines.join("\n")}` };
  }

  execute_publish(ctx: NodeContext): NodeResult {
    return {
      exitCode: 0,
      output: `${ctx.inputs.write}\n(approved: ${ctx.userResponse?.feedback ?? "no comment"})`,
    };
  }
}

const workflow = new Workflow({
  taskName: "market_report",
  tasks: { FetchPrices: new FetchPrices(), WriteReport: new WriteReport() },
  nodeEndCodeRouting: {
    FetchPrices: { 0: ["WriteReport", false], 1: [null, false] },
    WriteReport: { 0: [null, false], 1: [null, false] },
  },
});

const onEvent = (event: TaskEvent): void => {
  if (event.type === "node-start")
    console.log(`→ ${event.taskName}.${event.nodeName} (attempt ${event.attempt})`);
  const error = event.type === "node-end" ? event.response.references.errors?.[0] : undefined;
  if (error !== undefined) console.log(`  failed: ${error.message}`);
  if (event.type === "retry")
    console.log(`  retry into ${event.nodeName}: attempt ${event.attempt} of ${event.maxAttempts}`);
  if (event.type === "checkpoint") console.log(`  paused: ${event.interaction.userPrompt}`);
};

console.log("alice-agents engine quickstart (offline: no model is called)\n");
const paused = await workflow.run({ symbols: ["ACME", "GLOBEX", "INITECH"] }, { onEvent });
console.log(
  `status: ${paused.status}; the pending response is plain JSON (${JSON.stringify(paused).length} bytes)`,
);

// A user answers later, maybe in another process: resume from the JSON alone.
const saved: unknown = JSON.parse(JSON.stringify(paused));
console.log('  user answers: 0 (approve), feedback "looks good"');
const done = await workflow.resume(
  saved,
  { selectedOption: 0, feedback: "looks good" },
  { onEvent },
);

console.log(`\nstatus: ${done.status}, resultCode ${done.resultCode}\n\n${done.taskOutputs}`);
