import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  AliceError,
  AliceTask,
  type NodeResult,
  type TaskEvent,
  type TaskResponse,
} from "alice-agents";
import { describe, expect, it } from "vitest";
import { approvalWorkflow, Publish } from "./fixtures/approval-workflow.ts";

const roundTrip = (response: TaskResponse): unknown => JSON.parse(JSON.stringify(response));
const names = (response: TaskResponse) => response.nodeReferences.map((n) => n.nodeName);

describe("user checkpoints", () => {
  it("pause before the node with a question, without running it", async () => {
    const events: TaskEvent[] = [];
    const response = await new Publish().run(
      { topic: "tides" },
      { onEvent: (e) => events.push(e) },
    );
    expect(response.status).toBe("pending");
    expect(names(response)).toEqual(["draft"]);
    expect(response.pending).toMatchObject({ nodeName: "publish", path: ["Publish"] });
    expect(response.pending?.interaction).toEqual({
      taskName: "Publish",
      nodeName: "publish",
      userPrompt: "Publish this draft?",
      options: { 0: "approve", 1: "reject", 2: "rewrite" },
      requestFeedback: true,
      executionOrder: 1,
    });
    expect(events.map((e) => e.type)).toEqual([
      "task-start",
      "node-start",
      "node-end",
      "checkpoint",
      "task-end",
    ]);
  });

  it("resume runs the node once, with the feedback visible to the node and the templates", async () => {
    const task = new Publish();
    const paused = await task.run({ topic: "tides" });
    const done = await task.resume(roundTrip(paused), { selectedOption: 0, feedback: "lovely" });
    expect(done.status).toBe("complete");
    expect(names(done)).toEqual(["draft", "publish"]);
    expect(done.taskOutputs).toBe(
      'published "draft 1 about tides" (approve) (reviewer said: lovely)',
    );
    expect(done.userInteractions).toHaveLength(1);
    expect(done.userInteractions[0]?.response).toEqual({ selectedOption: 0, feedback: "lovely" });
    expect(done.runId).toBe(paused.runId);
  });

  it("resume accepts a saved history whose messages carry images and files", async () => {
    class Read extends AliceTask {
      execute_read(): NodeResult {
        const content = [
          { type: "text" as const, text: "Summarise these." },
          { type: "image" as const, url: "https://example.com/chart.png" },
          {
            type: "file" as const,
            url: "data:application/pdf;base64,JVBERi0=",
            mediaType: "application/pdf",
            filename: "report.pdf",
          },
        ];
        return {
          exitCode: 0,
          output: "read",
          references: { messages: [{ role: "user", content }] },
        };
      }
      execute_send(): NodeResult {
        return { exitCode: 0, output: "sent" };
      }
    }
    const task = new Read({
      taskName: "Read",
      nodeEndCodeRouting: { read: { 0: ["send", false] }, send: { 0: [null, false] } },
      userCheckpoints: {
        send: { userPrompt: "Send?", options: { 0: "yes" }, taskNextObj: { 0: "send" } },
      },
    });
    const paused = await task.run();
    expect(paused.status).toBe("pending");
    const done = await task.resume(roundTrip(paused), { selectedOption: 0 });
    expect(done.error).toBeUndefined();
    expect(done.status).toBe("complete");
    expect(done.nodeReferences[0]?.references.messages?.[0]).toEqual(
      paused.nodeReferences[0]?.references.messages?.[0],
    );
  });

  it("a choice routed to null ends the run cancelled, not complete", async () => {
    const task = new Publish();
    const done = await task.resume(roundTrip(await task.run({ topic: "tides" })), {
      selectedOption: 1,
    });
    expect(done.status).toBe("cancelled");
    expect(done.resultCode).toBe(1);
    expect(done.error?.code).toBe("CHECKPOINT_CANCELLED");
    expect(done.resultDiagnostic).toContain('chose "reject"');
    expect(names(done)).toEqual(["draft"]);
  });

  it("a choice routed to another node continues there, and the checkpoint asks again next time", async () => {
    const task = new Publish();
    const again = await task.resume(roundTrip(await task.run({ topic: "tides" })), {
      selectedOption: 2,
      feedback: "shorter",
    });
    expect(again.status).toBe("pending");
    expect(names(again)).toEqual(["draft", "draft"]);
    expect(again.userInteractions.map((i) => i.response?.selectedOption)).toEqual([2, undefined]);
    const done = await task.resume(roundTrip(again), { selectedOption: 0 });
    expect(done.taskOutputs).toBe('published "draft 2 about tides" (approve) (reviewer said: )');
  });

  it("keeps the retry budget across a pause: resuming does not reset attempts", async () => {
    let runs = 0;
    class Flaky extends AliceTask {
      execute_call(): NodeResult {
        runs += 1;
        return { exitCode: 1 };
      }
    }
    const task = new Flaky({
      taskName: "flaky",
      maxAttempts: 2,
      nodeEndCodeRouting: { call: { 0: [null, false], 1: ["call", true] } },
      userCheckpoints: {
        call: { userPrompt: "Call the API?", taskNextObj: { 0: "call", 1: null } },
      },
    });
    const first = await task.resume(roundTrip(await task.run()), { selectedOption: 0 });
    expect(first.status).toBe("pending"); // the retry into "call" asks again
    const second = await task.resume(roundTrip(first), { selectedOption: 0 });
    expect(runs).toBe(2);
    expect(second.error?.code).toBe("MAX_ATTEMPTS_EXCEEDED");
  });
});

describe("checkpoints inside sub-tasks", () => {
  it("pause the whole workflow, and resume continues inside the sub-task", async () => {
    const workflow = approvalWorkflow();
    const paused = await workflow.run({ topic: "tides" });
    expect(paused.status).toBe("pending");
    expect(names(paused)).toEqual(["Note"]);
    expect(paused.pending?.path).toEqual(["editorial", "Publish"]);
    expect(paused.pending?.interaction.userPrompt).toBe("Publish this draft?");
    expect(paused.pending?.child?.status).toBe("pending");

    const done = await workflow.resume(roundTrip(paused), {
      selectedOption: 0,
      feedback: "ship it",
    });
    expect(done.status).toBe("complete");
    expect(names(done)).toEqual(["Note", "Publish", "Announce"]);
    const publish = done.nodeReferences[1]?.references.taskResponses?.[0];
    expect(publish?.nodeReferences.map((n) => n.nodeName)).toEqual(["draft", "publish"]);
    expect(done.taskOutputs).toBe(
      'announced: published "draft 1 about tides" (approve) (reviewer said: ship it)',
    );
  });

  it("a rejection inside a sub-task cancels the workflow", async () => {
    const workflow = approvalWorkflow();
    const done = await workflow.resume(roundTrip(await workflow.run({ topic: "tides" })), {
      selectedOption: 1,
    });
    expect(done.status).toBe("cancelled");
    // The root cause, where it arose: the sub-task's checkpoint, with the path down to it.
    expect(done.error).toMatchObject({
      code: "CHECKPOINT_CANCELLED",
      nodeName: "publish",
      path: ["editorial", "Publish"],
    });
    expect(names(done)).toEqual(["Note", "Publish"]);
  });

  it("resume works in a fresh process from the JSON file alone", async () => {
    const exec = promisify(execFile);
    const script = join(import.meta.dirname, "fixtures", "resume-in-process.ts");
    const file = join(mkdtempSync(join(tmpdir(), "alice-")), "pending.json");
    const node = (...args: string[]) =>
      exec(process.execPath, ["--conditions=alice-source", script, ...args]);
    await node("pause", file);
    const { stdout } = await node("resume", file, "0", "from another process");
    const done = JSON.parse(stdout) as TaskResponse;
    expect(done.status).toBe("complete");
    expect(names(done)).toEqual(["Note", "Publish", "Announce"]);
    expect(done.taskOutputs).toContain("reviewer said: from another process");
  });
});

describe("resume refuses a response it cannot trust, before running anything", () => {
  const paused = async () =>
    roundTrip(await approvalWorkflow().run({ topic: "tides" })) as Record<string, unknown>;
  const rejects = async (
    value: unknown,
    answer: { selectedOption: number },
    message: string | RegExp,
  ) => {
    const error = await approvalWorkflow()
      .resume(value, answer)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(AliceError.isInstance(error) && error.code).toBe("RESUME_INVALID");
    expect((error as Error).message).toMatch(message);
  };

  it("a response whose shape was changed", async () => {
    const value = await paused();
    value.nodeReferences = [{ nodeName: "Note", exitCode: "0" }];
    await rejects(value, { selectedOption: 0 }, /nodeReferences\.0\.\w+: /);
    await rejects("not json at all", { selectedOption: 0 }, /not a valid TaskResponse/);
  });

  it("a response that is not pending, belongs to another task, or whose history was altered", async () => {
    const done = roundTrip(
      await approvalWorkflow()
        .run({ topic: "tides" })
        .then((r) => ({ ...r, status: "complete" as const, pending: undefined })),
    );
    await rejects(
      done,
      { selectedOption: 0 },
      /only a pending response can be resumed; this one is "complete"/,
    );
    await rejects(
      { ...(await paused()), taskName: "other" },
      { selectedOption: 0 },
      /belongs to task "other"/,
    );
    const altered = await paused();
    (altered.nodeReferences as { nodeName: string }[])[0]!.nodeName = "Announce";
    // "Announce" exists, but the pending chain still has to check out; change the order instead
    (altered.nodeReferences as { executionOrder: number }[])[0]!.executionOrder = 3;
    await rejects(altered, { selectedOption: 0 }, /history was altered at position 0/);
  });

  it("an option the checkpoint does not offer", async () => {
    await rejects(
      await paused(),
      { selectedOption: 7 },
      /option 7 is not one of 0 \(approve\), 1 \(reject\), 2 \(rewrite\)/,
    );
  });
});
