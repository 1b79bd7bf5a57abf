import { AliceAgent, CheckTask } from "alice-agents";
import { findDecision } from "alice-agents/internal";
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

  it("accepts the seed's map { APPROVED: 0, FAILED: 1 }: FAILED means ask again, like no decision", async () => {
    const seedCheck = () =>
      new CheckTask({
        taskName: "c",
        agent: new AliceAgent({ name: "a", model: h.model() }),
        templates: { task_template: "Does the code pass?" },
        exitCodeResponseMap: { APPROVED: 0, FAILED: 1 },
      });
    const llm = h.script([{ text: "FAILED: the test is red." }, { text: "APPROVED" }]);
    const response = await seedCheck().run();
    expect([response.status, response.resultCode]).toEqual(["complete", 0]);
    expect(response.nodeReferences.map((n) => n.exitCode)).toEqual([1, 0]);
    // The FAILED answer is kept for the record but not sent back: the check is asked afresh.
    expect(llm.requests[1]?.body).toEqual(llm.requests[0]?.body);

    h.script([{ text: "FAILED" }, { text: "FAILED" }, { text: "FAILED" }]);
    const failed = await seedCheck().run();
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({
      code: "MAX_ATTEMPTS_EXCEEDED",
      cause: { code: "CHECK_NO_DECISION", nodeName: "llm_generation" },
    });
    expect(failed.error?.cause?.message).toContain('The check decided "FAILED"');
  });

  it("ends failed with CHECK_NO_DECISION as the cause when no attempt decides", async () => {
    h.script([{ text: "Hmm." }, { text: "Unsure." }, { text: "Cannot tell." }]);
    const response = await check().run({ research: "x" });
    expect(response.status).toBe("failed");
    expect(response.error?.code).toBe("MAX_ATTEMPTS_EXCEEDED");
    expect(response.error?.cause?.code).toBe("CHECK_NO_DECISION");
  });

  it("a REJECTED decision ends the run complete when the author lists its code in successCodes", async () => {
    h.script([{ text: "REJECTED" }]);
    const lenient = new CheckTask({
      taskName: "c",
      agent: new AliceAgent({ name: "a", model: h.model() }),
      templates: { task_template: "Good enough?" },
      successCodes: [0, 2],
    });
    const response = await lenient.run();
    expect([response.status, response.resultCode, response.resultDiagnostic]).toEqual([
      "complete",
      2,
      "REJECTED",
    ]);
  });
});
