import { getEventListeners } from "node:events";
import {
  AliceTask,
  type NodeResult,
  type RunInfo,
  type TaskEvent,
  type TaskResponse,
} from "alice-agents";
import { afterEach, describe, expect, it, vi } from "vitest";

class Counter extends AliceTask {
  cleanups: (string | undefined)[] = [];
  constructor() {
    super({
      taskName: "counter",
      nodeEndCodeRouting: { count: { 0: [null, false] } },
      inputVariables: {
        type: "object",
        properties: { n: { type: "integer" }, data: {} },
        required: ["n"],
      },
    });
  }
  execute_count(): NodeResult {
    return { exitCode: 0, output: "counted" };
  }
  override cleanup(_run: RunInfo, response: TaskResponse | undefined): void {
    this.cleanups.push(response?.status);
  }
}

function deep(levels: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

afterEach(() => vi.restoreAllMocks());

describe("run() never throws, whatever it is given", () => {
  it("an input object with a throwing getter is a failed run with INPUT_INVALID", async () => {
    const inputs = {
      n: 1,
      get data(): unknown {
        throw new Error("getter exploded, token=abcdefghijk");
      },
    };
    const response = await new Counter().run(inputs);
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("INPUT_INVALID");
    expect(response.error?.message).toContain("could not be read as plain data");
    expect(response.error?.message).toContain("getter exploded");
    expect(response.error?.message).not.toContain("abcdefghijk");
    expect(response.taskInputs).toEqual({});
  });

  it("an input value 100,000 levels deep is a failed run with INPUT_INVALID", async () => {
    const response = await new Counter().run({ n: 1, data: deep(100_000) });
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("INPUT_INVALID");
    expect(response.error?.message).toContain("more than 100 levels deep");
  });

  it("inputs that are not an object are INPUT_INVALID", async () => {
    for (const inputs of ["n=1", [1], 42]) {
      const response = await new Counter().run(inputs as never);
      expect(response.error?.code).toBe("INPUT_INVALID");
    }
  });

  it("an input error never echoes a secret the caller passed", async () => {
    const key = "sk-proj-a1b2c3d4e5f6g7h8i9j0";
    const response = await new Counter().run({ n: key });
    expect(response.error?.code).toBe("INPUT_INVALID");
    expect(response.error?.message).toContain('Input "n" of task "counter" must be an integer');
    expect(JSON.stringify([response.error, response.resultDiagnostic])).not.toContain(key);
  });

  it("a throwing onEvent observer does not break the run: warned once, cleanup runs, no listener left", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const task = new Counter();
    const controller = new AbortController();
    const seen: string[] = [];
    const response = await task.run(
      { n: 1 },
      {
        signal: controller.signal,
        onEvent: (event: TaskEvent) => {
          seen.push(event.type);
          throw new Error(`observer broke on ${event.type}`);
        },
      },
    );
    expect(response.status).toBe("complete");
    expect(seen).toEqual(["task-start", "node-start", "node-end", "task-end"]);
    expect(task.cleanups).toEqual(["complete"]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain("observer broke on task-start");
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ code: "ALICE_ON_EVENT_FAILED" });
  });

  it("a node output that cannot be shown as JSON still gives a response", async () => {
    class Cyclic extends AliceTask {
      constructor() {
        super({ taskName: "cyclic", nodeEndCodeRouting: { a: { 0: [null, false] } } });
      }
      execute_a(): NodeResult {
        const output: Record<string, unknown> = {};
        output.self = output;
        return { exitCode: 0, output };
      }
    }
    const response = await new Cyclic().run();
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toMatch(/^\[an output that cannot be shown as JSON/);
  });

  it("whatever is thrown (an object without a prototype) by an observer, a getter, a node or setup()", async () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const bare = () => Object.create(null) as unknown;
    const observed = await new Counter().run(
      { n: 1 },
      {
        onEvent: () => {
          throw bare();
        },
      },
    );
    expect(observed.status).toBe("complete");
    const getter = await new Counter().run({
      n: 1,
      get data(): unknown {
        throw bare();
      },
    });
    expect(getter.error?.code).toBe("INPUT_INVALID");

    class Throws extends AliceTask {
      readonly where: "node" | "setup";
      constructor(where: "node" | "setup") {
        super({
          taskName: "throws",
          nodeEndCodeRouting: { a: { 0: [null, false], 1: [null, false] } },
        });
        this.where = where;
      }
      override setup(): void {
        if (this.where === "setup") throw bare();
      }
      execute_a(): NodeResult {
        throw bare();
      }
    }
    const node = await new Throws("node").run();
    expect(node.error).toMatchObject({ code: "NODE_FAILED", nodeName: "a" });
    expect(node.error?.message).toContain("a thrown non-Error object");
    const setup = await new Throws("setup").run();
    expect(setup.error?.code).toBe("TASK_SETUP_FAILED");
  });

  it("a malformed node result (references that are not lists of objects) is NODE_FAILED, not a crash", async () => {
    for (const references of [{ errors: {} }, { errors: [null] }, { messages: "hi" }, "refs"]) {
      class Odd extends AliceTask {
        constructor() {
          super({
            taskName: "odd",
            nodeEndCodeRouting: { a: { 0: [null, false], 1: [null, false] } },
          });
        }
        execute_a(): NodeResult {
          return { exitCode: 1, references } as unknown as NodeResult;
        }
      }
      const response = await new Odd().run();
      expect(response.status).toBe("failed");
      expect(response.error?.code).toBe("NODE_FAILED");
      expect(response.error?.message).toContain("a node must return { exitCode");
    }
  });

  it("a secret in what a node threw is redacted in the error, the diagnostic and the history", async () => {
    const key = "sk-live-abcdefghijklmnop1234";
    class Leaky extends AliceTask {
      constructor() {
        super({
          taskName: "leaky",
          nodeEndCodeRouting: { a: { 0: [null, false], 1: ["a", true] } },
          maxAttempts: 2,
        });
      }
      execute_a(): NodeResult {
        throw new Error(`GET https://api.example.com/v1?api_key=${key} failed`);
      }
    }
    const response = await new Leaky().run();
    expect(response.error?.code).toBe("MAX_ATTEMPTS_EXCEEDED");
    expect(response.error?.cause?.message).toContain("GET https://api.example.com/v1?api_key=");
    expect(JSON.stringify(response)).not.toContain(key);
  });

  it("a cleanup() failure after a complete run is a failed run with the usual error shape", async () => {
    class Leaves extends Counter {
      override cleanup(): void {
        throw new Error("socket already closed");
      }
    }
    const response = await new Leaves().run({ n: 1 });
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({ code: "TASK_CLEANUP_FAILED", path: ["counter"] });
  });
});
