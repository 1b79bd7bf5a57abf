import {
  CheckTask,
  defineTool,
  loadTask,
  PromptAgentTask,
  type PromptWarning,
  Workflow,
} from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useMockServer } from "../msw-server.ts";
import { fixture, problemsOf } from "./problems-of.ts";

const add = defineTool({
  name: "add",
  description: "Adds.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

const server = useMockServer();

describe("loadTask", () => {
  it("loads a PromptAgentTask with its agent, model, inputs (Picoschema) and tools by name, and runs it", async () => {
    const llm = mockOpenAI([
      { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] },
      { text: "5" },
    ]);
    server.use(...llm.handlers);
    const model = createOpenAI({ apiKey: "test" })("gpt-4o-mini");
    const task = await loadTask(fixture("calc.task.yaml"), { tools: [add], model });
    expect(task).toBeInstanceOf(PromptAgentTask);
    expect(task.taskDescription).toBe("Answers arithmetic questions with the add tool.");
    expect(task.inputVariables).toMatchObject({
      properties: { question: { type: "string", description: "the question" } },
      required: ["question"],
    });
    const response = await task.run({ question: "2+3?" });
    expect(response.taskOutputs).toBe("5");
    expect(llm.requests[0]?.toolNames).toEqual(["add"]);
  });

  it("resolves the file's model string through the provider subpath", async () => {
    const task = (await loadTask(fixture("calc.task.yaml"), { tools: { add } })) as PromptAgentTask;
    expect([task.agent.model?.provider, task.agent.model?.modelId]).toEqual([
      "openai",
      "gpt-4o-mini",
    ]);
    expect(task.agent.maxToolRounds).toBe(3);
  });

  it("loads the seed's snake_case JSON: nested tasks inline and by path, checkpoints, seed agent models", async () => {
    const workflow = await loadTask(fixture("seed-style.json"));
    expect(workflow).toBeInstanceOf(Workflow);
    expect(workflow.startNode).toBe("Answer");
    expect(workflow.maxAttempts).toBe(2);
    expect(workflow.userCheckpoints.Check).toEqual({
      userPrompt: "Check the answer?",
      options: { 0: "yes", 1: "no" },
      taskNextObj: { 0: "Check", 1: null },
      requestFeedback: true,
    });
    const answer = workflow.tasks.Answer as PromptAgentTask;
    expect([answer.agent.model?.provider, answer.agent.model?.modelId]).toEqual([
      "openai",
      "gpt-4o-mini",
    ]);
    expect(answer.agent.systemMessage?.content).toBe("Answer briefly.");
    const check = workflow.tasks.Check as CheckTask;
    expect(check).toBeInstanceOf(CheckTask);
    expect(check.exitCodeResponseMap).toEqual({ GOOD: 0, BAD: 2 });
    expect(check.agent.model?.provider).toBe("anthropic");
    expect(check.taskTemplate.parameters?.required).toEqual(["Answer"]);
  });

  it("loads the seed's CheckTask default map { APPROVED: 0, FAILED: 1 }: FAILED asks again", async () => {
    const llm = mockOpenAI([{ text: "FAILED: too vague." }, { text: "APPROVED" }]);
    server.use(...llm.handlers);
    const model = createOpenAI({ apiKey: "test" })("gpt-4o-mini");
    const check = (await loadTask(fixture("seed-check.json"), { model })) as CheckTask;
    expect(check).toBeInstanceOf(CheckTask);
    expect(check.exitCodeResponseMap).toEqual({ APPROVED: 0, FAILED: 1 });
    // The seed's _id, required_apis and a Prompt's partial_variables arrive too.
    expect(check.id).toBe("64f1c0ffee0000000000c0de");
    expect(check.requiredApis).toEqual(["llm_api"]);
    const response = await check.run({ answer: "42" });
    expect(llm.requests[0]?.lastUserText).toBe(
      "Is this answer right? 42 Be strict. Reply APPROVED or FAILED.",
    );
    expect([response.status, response.resultCode, llm.requests.length]).toEqual(["complete", 0, 2]);
  });

  it("takes successCodes: a REJECTED decision the file lists as a success ends the run complete", async () => {
    const llm = mockOpenAI([{ text: "REJECTED" }]);
    server.use(...llm.handlers);
    const model = createOpenAI({ apiKey: "test" })("gpt-4o-mini");
    const check = await loadTask(fixture("lenient-check.task.yaml"), { model });
    expect(check.successCodes).toEqual([0, 2]);
    const response = await check.run();
    expect([response.status, response.resultCode, response.resultDiagnostic]).toEqual([
      "complete",
      2,
      "REJECTED",
    ]);
  });

  it("passes the warnings of the templates it loads to onWarning, inline ones naming the task file", async () => {
    const warnings: PromptWarning[] = [];
    await loadTask(fixture("warned.task.yaml"), { onWarning: (w) => warnings.push(w) });
    expect(
      warnings.map(
        (w) => `${w.filePath?.replace(/^.*fixtures\//, "")}:${w.line ?? ""}: ${w.message}`,
      ),
    ).toEqual([
      'warned.prompt:5: Prompt "warned" declares variable "tone" but its template never uses it.',
      'warned.task.yaml:: Prompt "answerer.system" declares variable "style" but its template never uses it.',
    ]);
  });

  it("refuses task files that include each other, and invalid YAML with its line", async () => {
    expect((await problemsOf(fixture("cycle-a.task.yaml")))[0]).toMatch(
      /the task files include each other: .*cycle-a.task.yaml → .*cycle-b.task.yaml → .*cycle-a.task.yaml/,
    );
    expect((await problemsOf(fixture("bad-yaml.task.yaml")))[0]).toBe(
      "bad-yaml.task.yaml: : not valid YAML: Nested mappings are not allowed in compact mappings at line 2, column 11",
    );
  });
});
