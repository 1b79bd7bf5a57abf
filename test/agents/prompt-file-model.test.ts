import { fileURLToPath } from "node:url";
import {
  AliceAgent,
  type LanguageModel,
  loadPrompt,
  ModelRegistry,
  models,
  Prompt,
  PromptAgentTask,
  TaskDefinitionError,
} from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useMockServer } from "../msw-server.ts";

const server = useMockServer();
const file = fileURLToPath(new URL("./fixtures/ask-mini.prompt", import.meta.url));

beforeEach(() => {
  vi.stubEnv("OPENAI_API_KEY", "sk-test-file-model");
  vi.stubEnv("OPENAI_BASE_URL", "");
  vi.stubEnv("ANTHROPIC_API_KEY", "sk-ant-test-file-model");
  vi.stubEnv("ANTHROPIC_BASE_URL", "");
});
afterEach(() => vi.unstubAllEnvs());

/** A task whose template names `model` (in its frontmatter), for an agent with the given options. */
function taskOf(model: string, agent: Partial<ConstructorParameters<typeof AliceAgent>[0]> = {}) {
  return new PromptAgentTask({
    taskName: "ask",
    agent: new AliceAgent({ name: "asker", ...agent }),
    templates: { task_template: new Prompt({ name: "ask", content: "{{question}}", model }) },
  });
}

/** The problems of the TaskDefinitionError `build` throws. */
function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error.problems;
    throw error;
  }
  throw new Error("expected a TaskDefinitionError");
}

describe("a .prompt file's model, for an agent without one", () => {
  it("openai/gpt-4o-mini in the file's frontmatter: the request goes to OpenAI for gpt-4o-mini", async () => {
    const llm = mockOpenAI([{ text: "4" }]);
    server.use(...llm.handlers);
    const task = new PromptAgentTask({
      taskName: "ask",
      agent: new AliceAgent({ name: "asker" }),
      templates: { task_template: await loadPrompt(file) },
    });
    const response = await task.run({ question: "2+2?" });
    expect([response.status, response.taskOutputs]).toEqual(["complete", "4"]);
    expect(llm.requests[0]?.body.model).toBe("gpt-4o-mini");
    expect(task.agent.model).toBeUndefined();
  });

  it("anthropic/claude-haiku-4-5 picks Anthropic", async () => {
    const llm = mockAnthropic([{ text: "4" }]);
    server.use(...llm.handlers);
    const response = await taskOf("anthropic/claude-haiku-4-5").run({ question: "2+2?" });
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.body.model).toBe("claude-haiku-4-5");
  });

  it("the system message's .prompt model serves when the task template names none", async () => {
    const llm = mockAnthropic([{ text: "4" }]);
    server.use(...llm.handlers);
    const task = new PromptAgentTask({
      taskName: "ask",
      agent: new AliceAgent({
        name: "asker",
        systemMessage: new Prompt({
          name: "sys",
          content: "Be brief.",
          model: "anthropic:claude-haiku-4-5",
        }),
      }),
      templates: { task_template: "{{question}}" },
    });
    await task.run({ question: "2+2?" });
    expect(llm.requests[0]?.body.model).toBe("claude-haiku-4-5");
  });

  it("a prefix registered on models (an OpenAI-compatible server) goes to its baseURL", async () => {
    const baseURL = "http://localhost:11434/v1";
    const llm = mockOpenAI([{ text: "4" }], { baseURL });
    server.use(...llm.handlers);
    models.register("ollama", (id) => createOpenAI({ name: "ollama", baseURL })(id));
    const response = await taskOf("ollama/llama3.2").run({ question: "2+2?" });
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.url).toBe(`${baseURL}/chat/completions`);
    expect(llm.requests[0]?.body.model).toBe("llama3.2");
  });

  it("the agent's own registry resolves the name once per task, at the first model call", async () => {
    const baseURL = "http://localhost:8000/v1";
    const llm = mockOpenAI([{ text: "1" }, { text: "2" }], { baseURL });
    server.use(...llm.handlers);
    const made: string[] = [];
    const vllm = new ModelRegistry().register("vllm", (id) => {
      made.push(id);
      return createOpenAI({ name: "vllm", baseURL })(id);
    });
    const task = taskOf("vllm/qwen2.5", { models: vllm });
    expect(made).toEqual([]);
    await task.run({ question: "a" });
    await task.run({ question: "b" });
    expect(made).toEqual(["qwen2.5"]);
    expect(llm.requests.map((r) => r.body.model)).toEqual(["qwen2.5", "qwen2.5"]);
  });

  it("the agent's model wins over the file's", async () => {
    const llm = mockOpenAI([{ text: "4" }]);
    server.use(...llm.handlers);
    const nano = createOpenAI({ apiKey: "sk-test" })("gpt-4.1-nano");
    const response = await taskOf("anthropic/claude-haiku-4-5", { model: nano }).run({
      question: "2+2?",
    });
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.body.model).toBe("gpt-4.1-nano");
  });
});

describe("a model the task cannot have", () => {
  it("googleai/… with no provider registered fails when the task is built, saying how to register one", () => {
    expect(problemsOf(() => taskOf("googleai/gemini-2.0-flash"))).toEqual([
      `the model of the task template "ask": No provider registered for "googleai/gemini-2.0-flash": register one with models.register("googleai", (id) => …), e.g. (id) => createOpenAI({ name: "googleai", baseURL })(id) for an OpenAI-compatible server. Registered: ${models.prefixes.join(", ")}.`,
    ]);
  });

  it("no model on the agent nor in either prompt fails when the task is built", () => {
    const build = () =>
      new PromptAgentTask({
        taskName: "ask",
        agent: new AliceAgent({ name: "asker", systemMessage: "Be brief." }),
        templates: { task_template: "{{question}}" },
      });
    expect(problemsOf(build)).toEqual([
      'agent "asker" has no model, and neither the task template nor the system message names one: give the agent a model (new AliceAgent({ name, model: openai("gpt-4o-mini") })) or the .prompt file a model (model: openai/gpt-4o-mini).',
    ]);
  });

  it("a factory that fails at the first call fails the run with OPTIONS_INVALID", async () => {
    const broken = new ModelRegistry().register("corp", (): LanguageModel => {
      throw new Error("CORP_GATEWAY_URL is not set");
    });
    const response = await taskOf("corp/model-1", { models: broken }).run({ question: "?" });
    expect(response.status).toBe("failed");
    expect(response.error).toMatchObject({
      code: "OPTIONS_INVALID",
      message:
        'The provider registered for "corp" could not make "corp/model-1": CORP_GATEWAY_URL is not set',
      nodeName: "llm_generation",
    });
  });

  it("an agent's models must be a ModelRegistry", () => {
    expect(() => new AliceAgent({ name: "a", models: {} as never })).toThrow(
      "models must be a ModelRegistry",
    );
  });
});
