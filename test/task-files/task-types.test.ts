import {
  AliceTask,
  defineTool,
  loadTask,
  type NodeContext,
  type NodeResult,
  Prompt,
  PromptAgentTask,
  type TaskFactory,
  type TaskFileOptions,
  type TasksEndCodeRouting,
  type Workflow,
} from "alice-agents";
import { PROMPT_AGENT_ROUTING } from "alice-agents/internal";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fixture, problemsOf } from "./problems-of.ts";

const add = defineTool({
  name: "add",
  description: "Adds.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

class Echo extends AliceTask {
  execute_echo(ctx: NodeContext): NodeResult {
    return { exitCode: 0, output: ctx.inputs.text };
  }
}

describe("task types: the built-in ones and yours, in one registry", () => {
  it("builds a file's own type with its factory, which gets the file's options and parts", async () => {
    const seen: TaskFileOptions[] = [];
    const task = await loadTask(fixture("echo.task.yaml"), {
      taskTypes: {
        Echo: (options) => {
          seen.push(options);
          return new Echo(options);
        },
      },
    });
    expect(task).toBeInstanceOf(Echo);
    expect([task.taskDescription, task.maxAttempts, task.recursive]).toEqual([
      "Says the text back.",
      2,
      true,
    ]);
    expect(seen[0]).toMatchObject({ file: { type: "Echo" }, agent: undefined, tools: [] });
    expect((await task.run({ text: "hello" })).taskOutputs).toBe("hello");
  });

  it("an entry named like a built-in replaces it, and gets the file's agent, tools and templates", async () => {
    class Audited extends PromptAgentTask {}
    const PromptAgentTaskType: TaskFactory = ({ file, agent, templates, tools, ...options }) =>
      new Audited({
        ...options,
        // The file has no routing table: the agent's default applies.
        nodeEndCodeRouting: file.nodeEndCodeRouting as TasksEndCodeRouting | undefined,
        agent: agent!,
        templates: { task_template: templates.task_template! },
        tools,
      });
    const task = (await loadTask(fixture("calc.task.yaml"), {
      tools: [add],
      taskTypes: { PromptAgentTask: PromptAgentTaskType },
    })) as Audited;
    expect(task).toBeInstanceOf(Audited);
    expect([task.agent.name, task.agent.model?.modelId, task.agent.maxToolRounds]).toEqual([
      "calc",
      "gpt-4o-mini",
      3,
    ]);
    expect(task.taskTemplate).toBeInstanceOf(Prompt);
    expect(task.inputVariables.required).toEqual(["question"]);
  });

  it("your factory only sees a definition that resolved completely", async () => {
    let calls = 0;
    const problems = await problemsOf(fixture("echo-broken.task.yaml"), {
      taskTypes: {
        Echo: (options) => {
          calls++;
          return new Echo(options);
        },
      },
    });
    expect(problems).toEqual([
      'echo-broken.task.yaml: tools.0: no tool "missing_tool" was given to loadTask (given: none).',
    ]);
    expect(calls).toBe(0);
  });

  it("a type named like an Object method is just an unknown type", async () => {
    expect(await problemsOf(fixture("constructor-type.task.yaml"))).toEqual([
      'constructor-type.task.yaml: type: unknown task type "constructor" (known: PromptAgentTask, CheckTask, Workflow; pass taskTypes to loadTask for your own).',
    ]);
  });

  it("fields a file leaves out take the task's defaults", async () => {
    const workflow = (await loadTask(fixture("seed-style.json"))) as Workflow;
    expect(workflow.recursive).toBe(false);
    const agentTask = workflow.tasks.Answer as PromptAgentTask;
    expect(agentTask.nodeEndCodeRouting).toEqual(PROMPT_AGENT_ROUTING);
    expect([
      agentTask.startNode,
      agentTask.maxAttempts,
      agentTask.maxToolConcurrency,
      agentTask.toolTimeoutMs,
      agentTask.agent.hasTools,
      agentTask.agent.stream,
    ]).toEqual(["llm_generation", 3, 8, 60_000, true, "auto"]);
  });
});
