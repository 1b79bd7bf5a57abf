import { describe, expect, it } from "vitest";
import { sleep } from "../../src/providers/sleep.ts";

async function settled(promise: Promise<void>): Promise<"resolved" | { rejected: unknown }> {
  return promise.then(
    () => "resolved" as const,
    (reason: unknown) => ({ rejected: reason }),
  );
}

describe("sleep", () => {
  it("resolves after the wait, and at once for a wait that is not positive", async () => {
    const start = performance.now();
    await sleep(20);
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
    expect(await settled(sleep(0))).toBe("resolved");
    expect(await settled(sleep(-5))).toBe("resolved");
    expect(await settled(sleep(Number.NaN))).toBe("resolved");
  });

  it("rejects with the signal's reason when it aborts during the wait, or had already", async () => {
    const controller = new AbortController();
    const waiting = settled(sleep(60_000, controller.signal));
    const reason = new Error("stop");
    controller.abort(reason);
    expect(await waiting).toEqual({ rejected: reason });
    expect(await settled(sleep(0, controller.signal))).toEqual({ rejected: reason });
  });

  it("waits forever for Infinity, until the signal aborts", async () => {
    const controller = new AbortController();
    let state: "waiting" | "resolved" | { rejected: unknown } = "waiting";
    const waiting = settled(sleep(Number.POSITIVE_INFINITY, controller.signal)).then((s) => {
      state = s;
    });
    await sleep(20);
    expect(state).toBe("waiting");
    controller.abort("done");
    await waiting;
    expect(state).toEqual({ rejected: "done" });
  });

  it("leaves no listener on the signal once the wait is over", async () => {
    const controller = new AbortController();
    await sleep(1, controller.signal);
    let calls = 0;
    controller.signal.addEventListener("abort", () => calls++);
    controller.abort();
    expect(calls).toBe(1);
  });
});
