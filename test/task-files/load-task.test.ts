import { fileURLToPath } from "node:url";
import {
  CheckTask,
  defineTool,
  loadTask,
  PromptAgentTask,
  TaskFileError,
  Workflow,
} from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { mockOpenAI } from "alice-agents/testing";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const add = defineTool({
  name: "add",
  description: "Adds.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

async function problemsOf(path: string, options = {}): Promise<string[]> {
  try {
    await loadTask(path, options);
  } catch (error) {
    if (error instanceof TaskFileError)
      return error.problems.map(
        (p) => `${p.file.replace(/^.*fixtures\//, "")}: ${p.path}: ${p.message}`,
      );
    throw error;
  }
  throw new Error("expected a TaskFileError");
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

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
    expect([task.agent.model.provider, task.agent.model.modelId]).toEqual([
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
    expect([answer.agent.model.provider, answer.agent.model.modelId]).toEqual([
      "openai",
      "gpt-4o-mini",
    ]);
    expect(answer.agent.systemMessage.content).toBe("Answer briefly.");
    const check = workflow.tasks.Check as CheckTask;
    expect(check).toBeInstanceOf(CheckTask);
    expect(check.exitCodeResponseMap).toEqual({ GOOD: 0, BAD: 2 });
    expect(check.agent.model.provider).toBe("anthropic");
    expect(check.taskTemplate.parameters?.required).toEqual(["Answer"]);
  });

  it("reports every shape problem at once, with file, field path and what was expected", async () => {
    expect(await problemsOf(fixture("shape.task.yaml"))).toEqual([
      "shape.task.yaml: taskName: Invalid input: expected string, received undefined",
      "shape.task.yaml: maxAttempts: Invalid input: expected number, received string",
      "shape.task.yaml: agent.name: Invalid input: expected string, received undefined",
      "shape.task.yaml: agent.model: Invalid input",
    ]);
  });

  it("reports every problem in the file and the files it names", async () => {
    expect(await problemsOf(fixture("broken.task.yaml"))).toEqual([
      expect.stringMatching(
        /^broken.task.yaml: tasks.First.templates.task_template: .*missing.prompt: The file does not exist.$/,
      ),
      'broken.task.yaml: tasks.First.tools.0: no tool "search" was given to loadTask (given: none).',
      'broken.task.yaml: tasks.First.agent.model: unknown provider "mystery" in "mystery:model-1": use openai: (also for OpenAI-compatible servers, with OPENAI_BASE_URL) or anthropic:, or pass resolveModel to loadTask.',
      'broken.task.yaml: tasks.Second: no task file at "./nowhere.task.yaml" (relative to this file).',
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
