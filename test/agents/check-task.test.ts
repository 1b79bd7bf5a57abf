import { AliceAgent, CheckTask, findDecision } from "alice-agents";
import { describe, expect, it } from "vitest";
import { harnesses } from "./harness.ts";

const map = { APPROVED: 0, REJECTED: 2 };

describe("findDecision", () => {
  it.each([
    ["APPROVED", 0],
    ["Decision: approved.", 0],
    ["This is NOT APPROVED. REJECTED.", 2],
    ["The draft is not approved; REJECTED", 2],
    ["REJECTED — the sources are thin", 2],
  ])("reads %j as code %i", (text, code) => {
    expect(findDecision(text, map).code).toBe(code);
  });

  it.each([
    ["UNAPPROVED draft", "none"],
    ["I cannot decide.", "none"],
    ["NOT APPROVED", "none"],
    ["APPROVED or REJECTED? APPROVED... no, REJECTED", "conflict"],
  ])("finds no decision in %j (%s)", (text, reason) => {
    expect(findDecision(text, map)).toMatchObject({ code: undefined, reason });
  });

  it("matches multi-word keys across any whitespace", () => {
    expect(findDecision("needs\n  revision", { "NEEDS REVISION": 3 }).code).toBe(3);
  });
});

describe.each(harnesses())("CheckTask over $name", (h) => {
  const check = () =>
    new CheckTask({
      taskName: "check_research",
      agent: new AliceAgent({ name: "checker", model: h.model() }),
      templates: { task_template: "Is this research good enough?\n{{research}}" },
      inputVariables: {
        type: "object",
        properties: { research: { type: "string" } },
        required: ["research"],
      },
      exitCodes: { 0: "Research approved", 2: "Research rejected" },
    });

  it("maps the decision word to the result code and its description", async () => {
    h.script([{ text: "The sources disagree. REJECTED" }]);
    const response = await check().run({ research: "one blog post" });
    expect(response.resultCode).toBe(2);
    expect(response.resultDiagnostic).toBe("Research rejected");
    expect(response.status).toBe("failed");

    h.script([{ text: "APPROVED" }]);
    const approved = await check().run({ research: "three papers" });
    expect([approved.resultCode, approved.status, approved.resultDiagnostic]).toEqual([
      0,
      "complete",
      "Research approved",
    ]);
  });

  it("asks again when the answer has no clear decision, saying which words it needs", async () => {
    const llm = h.script([{ text: "Hard to say." }, { text: "APPROVED" }]);
    const response = await check().run({ research: "x" });
    expect(response.resultCode).toBe(0);
    expect(response.nodeReferences.map((n) => n.exitCode)).toEqual([1, 0]);
    expect(llm.requests[1]?.lastUserText).toBe(
      "The answer contains none of the decision words. End your answer with exactly one of: APPROVED, REJECTED.",
    );
  });

  it("refuses an exit code map that uses 1", () => {
    expect(
      () =>
        new CheckTask({
          taskName: "c",
          agent: new AliceAgent({ name: "a", model: h.model() }),
          templates: { task_template: "?" },
          exitCodeResponseMap: { YES: 0, NO: 1 },
        }),
    ).toThrow('exitCodeResponseMap["NO"] is 1');
  });
});
