import {
  AliceTask,
  type AliceTaskOptions,
  type NodeContext,
  type NodeResult,
  Workflow,
} from "alice-agents";
import { describe, expect, it } from "vitest";

/** A one-node task whose node runs `body` over its inputs. */
function step(
  taskName: string,
  body: (ctx: NodeContext) => NodeResult,
  options: Partial<AliceTaskOptions> = {},
): AliceTask {
  class Step extends AliceTask {
    execute_run(ctx: NodeContext): NodeResult {
      return body(ctx);
    }
  }
  return new Step({
    taskName,
    nodeEndCodeRouting: { run: { 0: [null, false], 1: ["run", true] } },
    ...options,
  });
}

const stringParam = (...names: string[]) => ({
  type: "object" as const,
  properties: Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
  required: names,
});

describe("Workflow", () => {
  it("passes data between three tasks by name and renders its own output_template", async () => {
    const brief = step(
      "Brief",
      (ctx) => ({ exitCode: 0, output: `brief on ${ctx.inputs.topic}` }),
      {
        inputVariables: stringParam("topic"),
      },
    );
    const research = step(
      "Research",
      (ctx) => ({ exitCode: 0, output: `${ctx.inputs.Brief} → 3 sources` }),
      {
        inputVariables: stringParam("Brief"),
      },
    );
    const summary = step(
      "Summary",
      (ctx) => ({
        exitCode: 0,
        output: `summary of (${ctx.inputs.Research}) for ${ctx.inputs.topic}`,
      }),
      { inputVariables: stringParam("Research", "topic") },
    );
    const workflow = new Workflow({
      taskName: "research_workflow",
      tasks: { Brief: brief, Research: research, Summary: summary },
      nodeEndCodeRouting: {
        Brief: { 0: ["Research", false], 1: [null, false] },
        Research: { 0: ["Summary", false], 1: [null, false] },
        Summary: { 0: [null, false], 1: [null, false] },
      },
      inputVariables: stringParam("topic"),
      templates: { output_template: "Report: {{Summary}}" },
    });

    const response = await workflow.run({ topic: "bees" });
    expect(response.status).toBe("complete");
    expect(response.taskOutputs).toBe("Report: summary of (brief on bees → 3 sources) for bees");
    expect(response.nodeReferences.map((n) => n.nodeName)).toEqual([
      "Brief",
      "Research",
      "Summary",
    ]);
    const subResponses = response.nodeReferences.map((n) => n.references.taskResponses?.[0]);
    expect(subResponses.map((r) => r?.taskName)).toEqual(["Brief", "Research", "Summary"]);
    // every sub-task run has its own history, linked to the workflow's run by ids
    for (const sub of subResponses) {
      expect(sub?.parentRunId).toBe(response.runId);
      expect(sub?.nodeReferences.map((n) => n.nodeName)).toEqual(["run"]);
    }
  });

  it("routes on a sub-task's resultCode, and a re-run sub-task starts fresh with attempts of its own", async () => {
    let checks = 0;
    const draft = step("Draft", (ctx) => ({
      exitCode: 0,
      output: `draft v${ctx.inputs.Check === undefined ? 1 : 2}`,
    }));
    class Check extends AliceTask {
      execute_judge(): NodeResult {
        checks += 1;
        return { exitCode: checks === 1 ? 2 : 0, output: checks === 1 ? "REJECTED" : "APPROVED" };
      }
    }
    const check = new Check({
      taskName: "Check",
      nodeEndCodeRouting: { judge: { 0: [null, false], 1: ["judge", true], 2: [null, false] } },
    });
    const workflow = new Workflow({
      taskName: "draft_and_check",
      tasks: { Draft: draft, Check: check },
      nodeEndCodeRouting: {
        Draft: { 0: ["Check", false], 1: [null, false] },
        Check: { 0: [null, false], 1: [null, false], 2: ["Draft", false] },
      },
    });
    const response = await workflow.run();
    expect(response.nodeReferences.map((n) => `${n.nodeName}:${n.exitCode}`)).toEqual([
      "Draft:0",
      "Check:2",
      "Draft:0",
      "Check:0",
    ]);
    expect(response.nodeReferences[2]?.output).toBe("draft v2");
    expect(response.status).toBe("complete");
    const secondCheck = response.nodeReferences[3]?.references.taskResponses?.[0];
    expect(secondCheck?.nodeReferences.map((n) => n.nodeName)).toEqual(["judge"]);
  });

  it("a failing sub-task fails its node; the sub-task's diagnostic stays in the references", async () => {
    const broken = step(
      "Broken",
      () => {
        throw new Error("disk full");
      },
      { recursive: false },
    );
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Broken: broken },
      nodeEndCodeRouting: { Broken: { 0: [null, false], 1: [null, false] } },
    });
    const response = await workflow.run();
    expect(response.status).toBe("failed");
    const sub = response.nodeReferences[0]?.references.taskResponses?.[0];
    expect(sub?.error?.code).toBe("MAX_ATTEMPTS_EXCEEDED");
    expect(sub?.nodeReferences[0]?.references.errors?.[0]?.message).toBe("disk full");
  });

  it("checks at construction that every node has a task", () => {
    expect(
      () =>
        new Workflow({
          taskName: "wf",
          tasks: { A: step("A", () => ({ exitCode: 0 })) },
          nodeEndCodeRouting: { A: { 0: ["B", false] }, B: { 0: [null, false] } },
        }),
    ).toThrow('Node "B" has no task: add it to tasks under the key "B" (tasks: A).');
  });

  it("is a Workflow default: no retries (recursive false), like the seed", () => {
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { A: step("A", () => ({ exitCode: 0 })) },
      nodeEndCodeRouting: { A: { 0: [null, false] } },
    });
    expect(workflow.recursive).toBe(false);
  });
});
