import { defineTool } from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fixture, problemsOf } from "./problems-of.ts";

const add = defineTool({
  name: "add",
  description: "Adds.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

describe("task file problems, all at once", () => {
  it("reports shape, resolution and routing problems together, each with its file and field", async () => {
    expect(await problemsOf(fixture("everything.task.yaml"), { tools: [add] })).toEqual([
      'everything.task.yaml: taskDescripton: unknown key "taskDescripton". Did you mean "taskDescription"?',
      "everything.task.yaml: maxAttempts: Invalid input: expected number, received string",
      'everything.task.yaml: tasks.Research.tools.0: no tool "web_search" was given to loadTask (given: add).',
      'review-typo.task.yaml: exitCodeResponceMap: unknown key "exitCodeResponceMap". Did you mean "exitCodeResponseMap"?',
      'everything.task.yaml: tasks.Summary: no task file at "./missing-summary.task.yaml" (relative to this file).',
      'everything.task.yaml: : Node "Summary", exit code 0 routes to "Publish", which is not a node of this task (nodes: Research, Review, Summary).',
    ]);
  });

  it("reports every problem in the file and the files it names, and still checks the routing", async () => {
    // First and Second cannot be built, yet the route First → Second is checked (Second has no
    // row in the table); neither is reported again as a node without a task.
    expect(await problemsOf(fixture("broken.task.yaml"))).toEqual([
      expect.stringMatching(
        /^broken.task.yaml: tasks.First.templates.task_template: .*missing.prompt: The file does not exist.$/,
      ),
      'broken.task.yaml: tasks.First.tools.0: no tool "search" was given to loadTask (given: none).',
      'broken.task.yaml: tasks.First.agent.model: No provider registered for "mystery:model-1": register one with models.register("mystery", (id) => …), e.g. (id) => createOpenAI({ name: "mystery", baseURL })(id) for an OpenAI-compatible server. Registered: openai, anthropic.',
      'broken.task.yaml: tasks.Second: no task file at "./nowhere.task.yaml" (relative to this file).',
      'broken.task.yaml: : Node "First", exit code 0 routes to "Second", which is not a node of this task (nodes: First).',
    ]);
  });
});
