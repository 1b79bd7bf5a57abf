import { loadTask, models, type PromptAgentTask } from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useMockServer } from "../msw-server.ts";
import { fixture, problemsOf } from "./problems-of.ts";

const server = useMockServer();

beforeEach(() => {
  vi.stubEnv("ANTHROPIC_API_KEY", "sk-ant-test-file-model");
  vi.stubEnv("ANTHROPIC_BASE_URL", "");
});
afterEach(() => vi.unstubAllEnvs());

describe("a task file whose agent names no model", () => {
  it("uses the task template's .prompt model, resolved when the file is loaded", async () => {
    const llm = mockAnthropic([{ text: "4" }]);
    server.use(...llm.handlers);
    const task = (await loadTask(fixture("file-model.task.yaml"))) as PromptAgentTask;
    expect([task.agent.model?.provider, task.agent.model?.modelId]).toEqual([
      "anthropic",
      "claude-haiku-4-5",
    ]);
    const response = await task.run({ question: "2+2?" });
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.body.model).toBe("claude-haiku-4-5");
  });

  it("uses the system message's .prompt model, through a provider registered on models", async () => {
    const baseURL = "http://localhost:11434/v1";
    const llm = mockOpenAI([{ text: "four" }], { baseURL });
    server.use(...llm.handlers);
    models.register("ollama", (id) => createOpenAI({ name: "ollama", baseURL })(id));
    const response = await (await loadTask(fixture("system-model.task.yaml"))).run({
      question: "2+2?",
    });
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.url).toBe(`${baseURL}/chat/completions`);
    expect(llm.requests[0]?.body.model).toBe("llama3.2");
  });

  it("refuses a .prompt model no provider is registered for, at load", async () => {
    expect(await problemsOf(fixture("unknown-file-model.task.yaml"))).toEqual([
      `unknown-file-model.task.yaml: agent.model: No provider registered for "googleai/gemini-2.0-flash": register one with models.register("googleai", (id) => …), e.g. (id) => createOpenAI({ name: "googleai", baseURL })(id) for an OpenAI-compatible server. Registered: ${models.prefixes.join(", ")}.`,
    ]);
  });
});

describe("a task file's model settings", () => {
  it("take topK, the penalties and dropUnsupported; each reaches the field its API has", async () => {
    const llm = mockAnthropic([{ text: "4" }]);
    server.use(...llm.handlers);
    const warned = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const task = await loadTask(fixture("sampling.task.yaml"));
    const response = await task.run({ question: "2+2?" });
    expect(response.error).toBeUndefined();
    expect(llm.requests[0]?.body).toMatchObject({ top_k: 20, temperature: 0.4 });
    // Listed in dropUnsupported: left out for Anthropic, which has no field for them.
    expect(llm.requests[0]?.body).not.toHaveProperty("presence_penalty");
    expect(llm.requests[0]?.body).not.toHaveProperty("frequency_penalty");
    warned.mockRestore();
  });

  it("refuse a topK that is not a whole number ≥ 1, with its field path", async () => {
    expect(await problemsOf(fixture("sampling-bad.task.yaml"))).toEqual([
      "sampling-bad.task.yaml: agent.modelSettings.topK: Too small: expected number to be >=1",
    ]);
  });
});
