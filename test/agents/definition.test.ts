import { fileURLToPath } from "node:url";
import {
  AliceAgent,
  AliceError,
  CheckTask,
  defineTool,
  type FinishReason,
  type LanguageModel,
  loadPrompt,
  OptionsError,
  Prompt,
  PromptAgentTask,
  type PromptAgentTaskOptions,
  TaskDefinitionError,
  Workflow,
} from "alice-agents";
import { PROMPT_AGENT_ROUTING } from "alice-agents/internal";
import { createOpenAI } from "alice-agents/openai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { harnesses } from "./harness.ts";

const add = defineTool({
  name: "add",
  description: "Adds.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});
const model = createOpenAI({ apiKey: "sk-test-definition" })("gpt-4o-mini");
const agent = (options: Partial<ConstructorParameters<typeof AliceAgent>[0]> = {}) =>
  new AliceAgent({ name: "helper", model, ...options });

/** The problems a constructor reports, from the one error it throws. */
function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof TaskDefinitionError || error instanceof OptionsError)
      return error.problems;
    throw error;
  }
  throw new Error("expected a definition error");
}

const questionInput = {
  type: "object" as const,
  properties: { question: { type: "string" as const } },
  required: ["question"],
};

const agentTask = (options: Partial<PromptAgentTaskOptions>) =>
  new PromptAgentTask({
    taskName: "qa",
    agent: agent(),
    templates: { task_template: "{{question}}" },
    inputVariables: questionInput,
    ...options,
  });

describe("a typo in an inline template is a TaskDefinitionError at construction", () => {
  it("in task_template, with a Did you mean", () => {
    const problems = problemsOf(() => agentTask({ templates: { task_template: "{{questoin}}" } }));
    expect(problems).toEqual([
      'templates.task_template uses {{questoin}}, which is not a declared input, a node or a sub-task. Did you mean "question"? Declared inputs: question; add "questoin" to inputVariables if it is one.',
    ]);
  });

  it("in output_template and in a string systemMessage, all reported at once", () => {
    const problems = problemsOf(() =>
      agentTask({
        agent: agent({ systemMessage: "Answer in {{langauge}}." }),
        templates: { task_template: "{{question}}", output_template: "A: {{llm_generaton}}" },
      }),
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("templates.output_template uses {{llm_generaton}}");
    expect(problems[0]).toContain('Did you mean "llm_generation"?');
    expect(problems[1]).toContain("agent.systemMessage uses {{langauge}}");
  });

  it("accepts inputs, node and sub-task outputs and userResponse", () => {
    const lookup = agentTask({ taskName: "lookup" });
    expect(() =>
      agentTask({
        tasks: { lookup },
        agent: agent({ systemMessage: "Feedback: {{userResponse.feedback}}" }),
        templates: {
          task_template: "{{question}} {{#each lookup}}{{this}}{{/each}}",
          output_template: "{{llm_generation}} / {{tool_call_execution}}",
        },
      }),
    ).not.toThrow();
  });

  it("checks an inline system message against a .prompt file's declared inputs", async () => {
    const prompt = await loadPrompt(
      fileURLToPath(new URL("./fixtures/calc.prompt", import.meta.url)),
    );
    const problems = problemsOf(
      () =>
        new PromptAgentTask({
          taskName: "calc",
          agent: agent({ systemMessage: "Solve {{questoin}}." }),
          templates: { task_template: prompt },
        }),
    );
    expect(problems[0]).toContain("agent.systemMessage uses {{questoin}}");
    expect(problems[0]).toContain('Did you mean "question"?');
  });

  it("checks a Workflow's output_template against its node names", () => {
    const step = agentTask({ taskName: "step" });
    const problems = problemsOf(
      () =>
        new Workflow({
          taskName: "wf",
          tasks: { Step: step },
          inputVariables: questionInput,
          nodeEndCodeRouting: { Step: { 0: [null, false], 1: [null, false] } },
          templates: { output_template: "{{Stpe}}" },
        }),
    );
    expect(problems[0]).toContain('Did you mean "Step"?');
  });

  it("leaves templates unchecked when the task declares no inputs (anything may be passed)", () => {
    expect(
      () =>
        new PromptAgentTask({
          taskName: "free",
          agent: agent(),
          templates: { task_template: "{{anything}}" },
        }),
    ).not.toThrow();
  });
});

describe("invalid options are AliceErrors at construction, every problem listed", () => {
  it("AliceAgent: maxToolRounds, model, modelSettings → OptionsError (OPTIONS_INVALID)", () => {
    let thrown: unknown;
    try {
      new AliceAgent({
        name: "a",
        model: {} as never,
        maxToolRounds: -1,
        modelSettings: { maxRetries: -1, temperature: 9 },
      });
    } catch (error) {
      thrown = error;
    }
    expect(AliceError.isInstance(thrown) && thrown.code).toBe("OPTIONS_INVALID");
    const problems = (thrown as OptionsError).problems;
    expect(problems).toEqual([
      expect.stringContaining("model must be a LanguageModel"),
      "maxToolRounds must be a whole number ≥ 0; got -1.",
      expect.stringMatching(/^modelSettings: temperature .*9/),
      expect.stringMatching(/^modelSettings: maxRetries .*-1/),
    ]);
  });

  it("PromptAgentTask: its own options, the routing and the templates in one TaskDefinitionError", () => {
    const problems = problemsOf(() =>
      agentTask({
        maxToolConcurrency: 0,
        toolTimeoutMs: -5,
        modelSettings: { maxRetries: -1 },
        maxAttempts: 0,
        templates: { task_template: "{{qestion}}" },
      }),
    );
    expect(problems).toEqual([
      expect.stringContaining("{{qestion}}"),
      "maxAttempts must be a whole number ≥ 1; got 0.",
      "maxToolConcurrency must be a whole number ≥ 1; got 0.",
      "toolTimeoutMs must be a number of milliseconds > 0; got -5.",
      expect.stringMatching(/^modelSettings: maxRetries/),
    ]);
  });

  it("a prompt file's config is checked when the task is built, not at the first model call", () => {
    const problems = problemsOf(() =>
      agentTask({
        templates: {
          task_template: new Prompt({
            name: "hot",
            content: "{{question}}",
            parameters: questionInput,
            config: { temperature: 5 },
          }),
        },
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^the settings of every model call \(a prompt file's config included\): temperature .*5/,
      ),
    ]);
  });

  it("CheckTask: a non-integer exit code is listed with the other problems", () => {
    const problems = problemsOf(
      () =>
        new CheckTask({
          taskName: "c",
          agent: agent(),
          templates: { task_template: "?" },
          exitCodeResponseMap: { YES: 0, NO: 0.5 },
          maxAttempts: 0,
        }),
    );
    expect(problems).toContain('exitCodeResponseMap["NO"] is 0.5: use an integer exit code.');
    expect(problems).toContain("maxAttempts must be a whole number ≥ 1; got 0.");
  });
});

describe("an option given as undefined takes its default", () => {
  it("PromptAgentTask: its routing, start node, limits, tools and settings", () => {
    const task = new PromptAgentTask({
      taskName: "qa",
      agent: agent(),
      templates: { task_template: "{{question}}" },
      inputVariables: questionInput,
      nodeEndCodeRouting: undefined,
      startNode: undefined,
      maxNodeExecutions: undefined,
      maxAttempts: undefined,
      recursive: undefined,
      exitCodes: undefined,
      tools: undefined,
      outputSchema: undefined,
      maxToolConcurrency: undefined,
      toolTimeoutMs: undefined,
      modelSettings: undefined,
    });
    expect(task.nodeEndCodeRouting).toEqual(PROMPT_AGENT_ROUTING);
    expect([
      task.startNode,
      task.maxNodeExecutions,
      task.maxAttempts,
      task.recursive,
      task.maxToolConcurrency,
      task.toolTimeoutMs,
      task.outputSchema,
    ]).toEqual(["llm_generation", 100, 3, true, 8, 60_000, undefined]);
    expect([task.exitCodes, task.modelSettings]).toEqual([{ 0: "Success", 1: "Failed" }, {}]);
  });

  it("PromptAgentTask: a .prompt file's inputs when inputVariables is undefined", async () => {
    const prompt = await loadPrompt(
      fileURLToPath(new URL("./fixtures/calc.prompt", import.meta.url)),
    );
    const task = new PromptAgentTask({
      taskName: "calc",
      agent: agent(),
      templates: { task_template: prompt },
      tools: [add],
      inputVariables: undefined,
    });
    expect(task.inputVariables.required).toEqual(["question"]);
  });

  it("CheckTask: its decision words, their routing and their exit code texts", () => {
    const check = new CheckTask({
      taskName: "c",
      agent: agent(),
      templates: { task_template: "Good enough?" },
      exitCodeResponseMap: undefined,
      nodeEndCodeRouting: undefined,
      exitCodes: undefined,
    });
    expect(check.exitCodeResponseMap).toEqual({ APPROVED: 0, REJECTED: 2 });
    expect(check.nodeEndCodeRouting).toEqual({
      llm_generation: { 0: [null, false], 1: ["llm_generation", true], 2: [null, false] },
    });
    expect(check.exitCodes).toEqual({ 0: "APPROVED", 1: "No clear decision", 2: "REJECTED" });
  });

  it("AliceAgent: tools allowed, 10 tool rounds, no settings, streaming when someone listens", () => {
    const helper = new AliceAgent({
      name: "helper",
      model,
      systemMessage: undefined,
      hasTools: undefined,
      maxToolRounds: undefined,
      modelSettings: undefined,
      stream: undefined,
    });
    expect([
      helper.systemMessage,
      helper.hasTools,
      helper.maxToolRounds,
      helper.modelSettings,
      helper.stream,
    ]).toEqual([undefined, true, 10, {}, "auto"]);
  });
});

describe.each(harnesses())("the system message over $name", (h) => {
  const systemOf = (body: Record<string, unknown>) =>
    h.name === "openai"
      ? (body.messages as { role: string; content: string }[])
          .filter((m) => m.role === "system")
          .map((m) => m.content)
      : body.system === undefined
        ? []
        : [body.system];

  it("sends no hidden default when the author gave none", async () => {
    const llm = h.script([{ text: "4" }]);
    await new PromptAgentTask({
      taskName: "qa",
      agent: new AliceAgent({ name: "qa", model: h.model() }),
      templates: { task_template: "2+2?" },
    }).run();
    expect(systemOf(llm.requests[0]!.body)).toEqual([]);
  });

  it("sends exactly the author's system message: the agent's, or a .prompt file's system role", async () => {
    const llm = h.script([{ text: "4" }, { text: '{"answer": 4}' }]);
    await new PromptAgentTask({
      taskName: "qa",
      agent: new AliceAgent({ name: "qa", model: h.model(), systemMessage: "Be brief." }),
      templates: { task_template: "2+2?" },
    }).run();
    expect(systemOf(llm.requests[0]!.body)).toEqual(["Be brief."]);

    const prompt = await loadPrompt(
      fileURLToPath(new URL("./fixtures/calc.prompt", import.meta.url)),
    );
    await new PromptAgentTask({
      taskName: "calc",
      agent: new AliceAgent({ name: "calc", model: h.model() }),
      templates: { task_template: prompt },
      tools: [add],
    }).run({ question: "2+2?" });
    // As the file renders it (Dotprompt keeps the line breaks around a role marker).
    expect(systemOf(llm.requests[1]!.body)).toEqual([
      "\nYou are a careful calculator. Use the add tool, then answer in JSON.\n",
    ]);
  });
});

describe("a custom LanguageModel", () => {
  it("answering with a finish reason outside FinishReason is not taken as final: retried, then the cause", async () => {
    let calls = 0;
    const custom: LanguageModel = {
      provider: "custom",
      modelId: "m",
      settings: {},
      async generate() {
        calls++;
        return {
          message: {
            role: "assistant",
            content: "partial",
            usage: { inputTokens: 1, outputTokens: 1 },
            model: "m",
            finishReason: "end_turn" as FinishReason,
          },
          attempts: 1,
        };
      },
      async *stream() {},
    };
    const response = await new PromptAgentTask({
      taskName: "qa",
      agent: new AliceAgent({ name: "a", model: custom }),
      templates: { task_template: "?" },
    }).run();
    expect(calls).toBe(3);
    expect(response.status).toBe("failed");
    expect(response.error?.cause).toMatchObject({ code: "PROVIDER_INVALID_RESPONSE" });
    expect(response.error?.cause?.message).toContain('"end_turn"');
  });
});
