import {
  AliceTask,
  type AliceTaskOptions,
  type NodeContext,
  type NodeResult,
  type RunInfo,
  type TaskResponse,
} from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";

// The four examples of the seed's "Creating Custom Tasks", written the way a user would port them.

class CustomTask extends AliceTask {
  readonly customConfig: Record<string, string>;

  constructor(options: Partial<AliceTaskOptions> & { customConfig?: Record<string, string> } = {}) {
    super({
      taskName: "custom_task",
      taskDescription: "A custom task that implements specific functionality.",
      startNode: "default",
      nodeEndCodeRouting: {
        default: {
          0: [null, false], // Success
          1: ["default", true], // Retry on failure
        },
      },
      inputVariables: {
        type: "object",
        properties: { input_data: { type: "string", description: "Data to process" } },
        required: ["input_data"],
      },
      ...options,
    });
    this.customConfig = options.customConfig ?? {};
  }

  async execute_default(ctx: NodeContext): Promise<NodeResult> {
    const result = await this.processSomething(String(ctx.inputs.input_data));
    return { exitCode: 0, output: result };
  }

  async processSomething(data: string): Promise<string> {
    return `${this.customConfig.prefix ?? ""}${data.toUpperCase()}`;
  }
}

const ProcessingStage = { SUCCESS: 0, FAILURE: 1, NEEDS_REVIEW: 2 } as const;

class MultiStepTask extends AliceTask {
  readonly visits: string[] = [];

  constructor(options: Partial<AliceTaskOptions> = {}) {
    super({
      taskName: "multi_step",
      taskDescription: "Task implementing a multi-step processing workflow.",
      startNode: "prepare",
      nodeEndCodeRouting: {
        prepare: {
          [ProcessingStage.SUCCESS]: ["process", false],
          [ProcessingStage.FAILURE]: ["prepare", true],
        },
        process: {
          [ProcessingStage.SUCCESS]: ["finalize", false],
          [ProcessingStage.FAILURE]: ["process", true],
          [ProcessingStage.NEEDS_REVIEW]: ["review", false],
        },
        review: {
          [ProcessingStage.SUCCESS]: ["finalize", false],
          [ProcessingStage.FAILURE]: ["process", false],
        },
        finalize: {
          [ProcessingStage.SUCCESS]: [null, false],
          [ProcessingStage.FAILURE]: ["finalize", true],
        },
      },
      inputVariables: {
        type: "object",
        properties: {
          data: { type: "object", description: "Data to process" },
          options: { type: "object", description: "Processing options", default: {} },
        },
        required: ["data"],
      },
      ...options,
    });
  }

  execute_prepare(ctx: NodeContext): NodeResult {
    this.visits.push("prepare");
    const data = ctx.inputs.data as { items: number[] };
    return { exitCode: ProcessingStage.SUCCESS, output: data.items.filter((n) => n >= 0) };
  }

  execute_process(ctx: NodeContext): NodeResult {
    this.visits.push("process");
    const items = ctx.inputs.prepare as number[];
    const reviewed = ctx.nodeResponses.review !== undefined;
    if (items.length > 3 && !reviewed) return { exitCode: ProcessingStage.NEEDS_REVIEW };
    return { exitCode: ProcessingStage.SUCCESS, output: items.reduce((a, b) => a + b, 0) };
  }

  execute_review(): NodeResult {
    this.visits.push("review");
    return { exitCode: ProcessingStage.FAILURE, output: "approved after review" };
  }

  execute_finalize(ctx: NodeContext): NodeResult {
    this.visits.push("finalize");
    return { exitCode: ProcessingStage.SUCCESS, output: `total=${ctx.inputs.process}` };
  }
}

const stateSchema = z.object({
  processed: z.number().int().nonnegative(),
  lastItem: z.string().optional(),
});

class StatefulTask extends AliceTask {
  constructor() {
    super({
      taskName: "stateful",
      nodeEndCodeRouting: { step: { 0: [null, false], 1: ["step", true], 2: ["step", false] } },
      inputVariables: z.object({ items: z.array(z.string()) }),
      stateSchema,
      initialState: { processed: 0 },
    });
  }

  execute_step(ctx: NodeContext): NodeResult {
    const items = ctx.inputs.items as string[];
    const processed = ctx.state.processed as number;
    if (processed >= items.length) return { exitCode: 0, output: `done: ${processed}` };
    ctx.state.processed = processed + 1;
    ctx.state.lastItem = items[processed];
    return { exitCode: 2 };
  }
}

class ResourceTask extends AliceTask {
  readonly cleanupRequired: boolean;
  readonly log: string[] = [];
  #connection: { open: boolean } | undefined;

  constructor(options: { cleanupRequired?: boolean; fail?: boolean } = {}) {
    super({
      taskName: "resource_task",
      nodeEndCodeRouting: { use: { 0: [null, false], 1: [null, false] } },
      inputVariables: {
        type: "object",
        properties: { fail: { type: "boolean", default: false } },
      },
    });
    this.cleanupRequired = options.cleanupRequired ?? true;
  }

  override setup(run: RunInfo): void {
    this.#connection = { open: true };
    this.log.push(`open ${run.runId === "" ? "?" : "run"}`);
  }

  execute_use(ctx: NodeContext): NodeResult {
    if (this.#connection?.open !== true) throw new Error("no connection");
    if (ctx.inputs.fail === true) throw new Error("query failed");
    return { exitCode: 0, output: "rows: 3" };
  }

  override cleanup(_run: RunInfo, response: TaskResponse | undefined): void {
    if (!this.cleanupRequired || this.#connection === undefined) return;
    this.#connection.open = false;
    this.log.push(`close after ${response?.status}`);
  }
}

describe("the seed's custom task examples", () => {
  it("CustomTask: one node, required input, options passed through super()", async () => {
    const task = new CustomTask({ customConfig: { prefix: ">> " } });
    const response = await task.run({ input_data: "hello" });
    expect(response.status).toBe("complete");
    expect(response.resultCode).toBe(0);
    expect(response.taskOutputs).toBe(">> HELLO");
    expect(response.nodeReferences.map((n) => [n.nodeName, n.exitCode, n.parentTaskId])).toEqual([
      ["default", 0, task.id],
    ]);

    const missing = await task.run({});
    expect(missing.status).toBe("failed");
    expect(missing.error?.code).toBe("INPUT_MISSING");
    expect(missing.resultDiagnostic).toContain('"input_data"');
    expect(missing.nodeReferences).toEqual([]);
  });

  it("MultiStepTask: an exit-code enum routes prepare → process → review → process → finalize", async () => {
    const task = new MultiStepTask();
    const response = await task.run({ data: { items: [1, 2, -5, 3, 4] } });
    expect(task.visits).toEqual(["prepare", "process", "review", "process", "finalize"]);
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("total=10");
    expect(response.taskInputs.options).toEqual({});
    expect(response.nodeReferences.map((n) => n.executionOrder)).toEqual([0, 1, 2, 3, 4]);
  });

  it("StatefulTask: state kept across nodes, validated by its schema, returned in the response", async () => {
    const response = await new StatefulTask().run({ items: ["a", "b", "c"] });
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("done: 3");
    expect(response.state).toEqual({ processed: 3, lastItem: "c" });
  });

  it("StatefulTask: a state write that breaks the schema fails the run with STATE_INVALID", async () => {
    class Broken extends StatefulTask {
      override execute_step(ctx: NodeContext): NodeResult {
        ctx.state.processed = -1;
        return { exitCode: 2 };
      }
    }
    const response = await new Broken().run({ items: ["a"] });
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({ code: "STATE_INVALID", nodeName: "step" });
    expect(response.nodeReferences).toHaveLength(1);
  });

  it("ResourceTask: resources are acquired before the first node and released however the run ends", async () => {
    const task = new ResourceTask();
    expect((await task.run({})).status).toBe("complete");
    const failed = await task.run({ fail: true });
    expect(failed.nodeReferences[0]?.references.errors?.[0]?.message).toBe("query failed");
    expect(task.log).toEqual([
      "open run",
      "close after complete",
      "open run",
      "close after failed",
    ]);

    const keep = new ResourceTask({ cleanupRequired: false });
    await keep.run({});
    expect(keep.log).toEqual(["open run"]);
  });
});
