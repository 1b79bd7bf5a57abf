import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AliceAgent,
  type LanguageModel,
  loadPrompt,
  type Prompt,
  PromptAgentTask,
  type PromptWarning,
  TaskDefinitionError,
} from "alice-agents";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CONFIG_BODY_FIELDS } from "../../src/prompts/prompt-metadata.ts";
import { ANTHROPIC_SETTINGS } from "../../src/providers/anthropic/anthropic-request.ts";
import { OPENAI_SETTINGS } from "../../src/providers/openai/openai-request.ts";
import { type Harness, harnesses } from "./harness.ts";

// Every key of a .prompt file's config means something: a model setting, a body field passed
// through, or a load warning. Each file is loaded from disk and used as a task template, and
// what reaches the provider is read from the body the official SDK sent.

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alice-prompt-config-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Writes a prompt file with this frontmatter and loads it, collecting its warnings. */
async function promptFile(
  name: string,
  frontmatter: string,
): Promise<{ prompt: Prompt; warnings: PromptWarning[]; path: string }> {
  const path = join(dir, `${name}.prompt`);
  await writeFile(path, `---\n${frontmatter.trim()}\n---\nSay hi.\n`);
  const warnings: PromptWarning[] = [];
  const prompt = await loadPrompt(path, { onWarning: (warning) => warnings.push(warning) });
  return { prompt, warnings, path };
}

function task(model: LanguageModel, prompt: Prompt): PromptAgentTask {
  return new PromptAgentTask({
    taskName: "config",
    agent: new AliceAgent({ name: "config", systemMessage: "", model }),
    templates: { task_template: prompt },
  });
}

/** The process warnings about settings left out of a request (nothing is printed). */
function droppedWarnings(): string[] {
  const told: string[] = [];
  vi.spyOn(process, "emitWarning").mockImplementation((warning, options) => {
    const code = typeof options === "object" ? options.code : undefined;
    if (code === "ALICE_SETTING_DROPPED") told.push(String(warning));
  });
  return told;
}

const [openai, anthropic] = harnesses() as [Harness, Harness];

describe("a prompt file's config reaches the provider", () => {
  const sampling = "config:\n  topK: 40\n  temperature: 0.3";

  it("anthropic: config topK is top_k, with the temperature", async () => {
    const { prompt, warnings } = await promptFile("sampling", sampling);
    expect(warnings).toEqual([]);
    const llm = anthropic.script([{ text: "hi" }]);
    const response = await task(anthropic.model(), prompt).run();
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.body).toMatchObject({ top_k: 40, temperature: 0.3 });
  });

  it("openai: the same file works; topK, which Chat Completions has no field for, is left out with one warning", async () => {
    const told = droppedWarnings();
    const { prompt } = await promptFile("sampling", sampling);
    const llm = openai.script([{ text: "hi" }, { text: "hi again" }]);
    const sampled = task(openai.model(), prompt);
    expect((await sampled.run()).status).toBe("complete");
    expect((await sampled.run()).status).toBe("complete");
    for (const request of llm.requests) {
      expect(request.body).not.toHaveProperty("top_k");
      expect(request.body.temperature).toBe(0.3);
    }
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('"topK" is left out of requests to the Chat Completions API');
  });

  it("openai: presencePenalty, frequencyPenalty, seed and stopSequences reach the body", async () => {
    const { prompt, warnings } = await promptFile(
      "penalties",
      "config:\n  presencePenalty: 0.5\n  frequencyPenalty: -0.5\n  seed: 7\n  stopSequences: [END]",
    );
    expect(warnings).toEqual([]);
    const llm = openai.script([{ text: "hi" }]);
    await task(openai.model(), prompt).run();
    expect(llm.requests[0]?.body).toMatchObject({
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      seed: 7,
      stop: ["END"],
    });
  });

  it("anthropic: the penalties and seed are left out, stopSequences is stop_sequences", async () => {
    droppedWarnings();
    const { prompt } = await promptFile(
      "penalties",
      "config:\n  presencePenalty: 0.5\n  frequencyPenalty: -0.5\n  seed: 7\n  stopSequences: [END]",
    );
    const llm = anthropic.script([{ text: "hi" }]);
    expect((await task(anthropic.model(), prompt).run()).status).toBe("complete");
    const body = llm.requests[0]?.body;
    expect(body?.stop_sequences).toEqual(["END"]);
    for (const field of ["presence_penalty", "frequency_penalty", "seed"]) {
      expect(body).not.toHaveProperty(field);
    }
  });
});

describe("two prompt files' config together", () => {
  it("the system message's config is kept beside the task template's: its topK is left out for OpenAI, not refused", async () => {
    droppedWarnings();
    const system = await promptFile("system-k", "config:\n  topK: 40");
    const template = await promptFile(
      "template-t",
      "config:\n  temperature: 0.2\n  providerOptions: { user: u-7 }",
    );
    const llm = openai.script([{ text: "hi" }]);
    const both = new PromptAgentTask({
      taskName: "both",
      agent: new AliceAgent({ name: "both", systemMessage: system.prompt, model: openai.model() }),
      templates: { task_template: template.prompt },
    });
    const response = await both.run();
    expect(response.error).toBeUndefined();
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.body).toMatchObject({ temperature: 0.2, user: "u-7" });
    expect(llm.requests[0]?.body).not.toHaveProperty("top_k");
  });
});

describe("a provider's own body fields in config", () => {
  const fields = [
    "config:",
    "  reasoning_effort: low",
    "  metadata: { user_id: u-1 }",
    "  logProbs: true",
    "  providerOptions: { top_k: 20, api_key: sk-file-secret }",
  ].join("\n");

  it("openai: snake_case fields and Genkit's logProbs pass through; providerOptions as given", async () => {
    const { prompt, warnings } = await promptFile("fields", fields);
    expect(warnings.map((w) => w.message)).toEqual([
      "config.providerOptions.api_key is never sent: a key in a prompt file would travel with it. Give it to the provider instead.",
    ]);
    const llm = openai.script([{ text: "hi" }]);
    await task(openai.model(), prompt).run();
    const body = llm.requests[0]?.body;
    expect(body).toMatchObject({
      reasoning_effort: "low",
      metadata: { user_id: "u-1" },
      logprobs: true,
      top_k: 20,
    });
    expect(JSON.stringify(body)).not.toContain("sk-file-secret");
  });

  it("anthropic: only the fields the Messages API has are sent", async () => {
    const told = droppedWarnings();
    const { prompt } = await promptFile("fields", fields);
    const llm = anthropic.script([{ text: "hi" }]);
    expect((await task(anthropic.model(), prompt).run()).status).toBe("complete");
    const body = llm.requests[0]?.body;
    expect(body).toMatchObject({ metadata: { user_id: "u-1" }, top_k: 20 });
    expect(body).not.toHaveProperty("reasoning_effort");
    expect(body).not.toHaveProperty("logprobs");
    expect(JSON.stringify(body)).not.toContain("sk-file-secret");
    expect(told.join("\n")).toContain(
      '"reasoning_effort" is left out of requests to the Messages API',
    );
  });
});

describe("config keys nothing uses", () => {
  it("warn once each at load, naming the file and the key, and are never sent", async () => {
    const { prompt, warnings, path } = await promptFile(
      "unused",
      [
        "config:",
        "  temperature: 0.3",
        "  frobnicate: 3",
        "  safetySettings: [{ category: HARM_CATEGORY_HATE_SPEECH, threshold: BLOCK_NONE }]",
        "  version: gemini-1.5-flash-002",
        "  apiKey: sk-file-secret",
        "  temprature: 0.1",
      ].join("\n"),
    );
    const unused = warnings.filter((w) => w.code === "UNUSED_CONFIG_KEY");
    for (const warning of unused) expect(warning.filePath).toBe(path);
    // Line 1 is the opening ---.
    expect(unused.map((w) => [w.line, w.message.split(" ")[0]])).toEqual([
      [4, "config.frobnicate"],
      [5, "config.safetySettings"],
      [6, "config.version"],
      [7, "config.apiKey"],
      [8, "config.temprature"],
    ]);
    expect(unused[0]?.message).toContain(
      "a compatible server's own field goes under config.providerOptions",
    );
    expect(unused[1]?.message).toContain("Google (Gemini)");
    expect(unused[2]?.message).toContain("the model is the agent's");
    expect(unused[3]?.message).toContain("is never sent");
    expect(unused[4]?.message).toContain('Did you mean "temperature"?');
    expect(prompt.warnings).toEqual(warnings);

    // Using the prompt warns no more, and neither the unused keys nor the key reach the body.
    droppedWarnings();
    const llm = openai.script([{ text: "hi" }]);
    await task(openai.model(), prompt).run();
    expect(warnings).toHaveLength(unused.length);
    const sent = JSON.stringify(llm.requests[0]?.body);
    for (const text of [
      "frobnicate",
      "safety",
      "gemini",
      "sk-file-secret",
      "apiKey",
      "temprature",
    ]) {
      expect(sent).not.toContain(text);
    }
  });

  it("a camelCase typo of a setting gets a hint", async () => {
    const { warnings } = await promptFile("typo", "config:\n  maxOutputToken: 100");
    expect(warnings[0]?.message).toContain('Did you mean "maxOutputTokens"?');
  });
});

describe("config values are checked", () => {
  it("a wrong type fails at load with its line", async () => {
    await expect(promptFile("bad-type", "config:\n  topK: many")).rejects.toThrow(
      /bad-type\.prompt:3:\d+: Frontmatter "config\.topK" must be a number/,
    );
  });

  it("a value out of range refuses the task, naming the setting and the rule", async () => {
    const { prompt } = await promptFile(
      "bad-range",
      "config:\n  topK: 0\n  presencePenalty: 3\n  frequencyPenalty: -2.5",
    );
    const build = () => task(openai.model(), prompt);
    expect(build).toThrow(TaskDefinitionError);
    expect(build).toThrow("topK must be a whole number ≥ 1; got 0.");
    expect(build).toThrow("presencePenalty must be a finite number from -2 to 2; got 3.");
    expect(build).toThrow("frequencyPenalty must be a finite number from -2 to 2; got -2.5.");
  });
});

describe("the body fields a config may pass through", () => {
  it("are those of the providers' APIs, no more and no fewer", () => {
    const providers = new Set([...OPENAI_SETTINGS.bodyFields, ...ANTHROPIC_SETTINGS.bodyFields]);
    expect([...CONFIG_BODY_FIELDS].sort()).toEqual([...providers].sort());
  });
});
