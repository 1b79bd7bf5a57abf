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
});
