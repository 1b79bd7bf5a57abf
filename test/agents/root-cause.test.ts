import { AliceAgent, CheckTask, PromptAgentTask, rootCause, Workflow } from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { harnesses } from "./harness.ts";

afterEach(() => vi.unstubAllEnvs());

describe("a Workflow's failure carries its sub-task's root cause", () => {
  it("a provider's missing key reaches response.error with the path down to it, not buried in nodeReferences", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    vi.stubEnv("OPENAI_BASE_URL", "");
    const ask = new PromptAgentTask({
      taskName: "ask",
      agent: new AliceAgent({ name: "asker", model: createOpenAI()("gpt-4o-mini") }),
      templates: { task_template: "Why is the sky blue?" },
    });
    const workflow = new Workflow({
      taskName: "wf",
      tasks: { Ask: ask },
      nodeEndCodeRouting: { Ask: { 0: [null, false], 1: [null, false] } },
    });
    const response = await workflow.run();
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({
      code: "PROVIDER_MISSING_API_KEY",
      nodeName: "llm_generation",
      path: ["wf", "ask"],
    });
  });
});

describe.each(harnesses())("the README's research shape over $name", (h) => {
  it("a check that never decides fails the workflow with CHECK_NO_DECISION as the root cause", async () => {
    h.script([{ text: "notes" }, { text: "Hmm." }, { text: "Unsure." }, { text: "No idea." }]);
    const agent = new AliceAgent({ name: "a", model: h.model() });
    const workflow = new Workflow({
      taskName: "research",
      tasks: {
        Research: new PromptAgentTask({
          taskName: "Research",
          agent,
          templates: { task_template: "Research." },
        }),
        Check: new CheckTask({ taskName: "Check", agent, templates: { task_template: "Good?" } }),
      },
      nodeEndCodeRouting: {
        Research: { 0: ["Check", false], 1: [null, false] },
        Check: { 0: [null, false], 1: [null, false], 2: ["Research", false] },
      },
    });
    const response = await workflow.run();
    expect(response.nodeReferences.map((n) => `${n.nodeName}:${n.exitCode}`)).toEqual([
      "Research:0",
      "Check:1",
    ]);
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({
      code: "MAX_ATTEMPTS_EXCEEDED",
      path: ["research", "Check"],
    });
    expect(rootCause(response.error!)).toMatchObject({
      code: "CHECK_NO_DECISION",
      nodeName: "llm_generation",
      path: ["research", "Check"],
    });
  });
});
