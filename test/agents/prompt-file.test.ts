import { fileURLToPath } from "node:url";
import {
  AliceAgent,
  defineTool,
  loadPrompt,
  Prompt,
  PromptAgentTask,
  TaskDefinitionError,
} from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { harnesses } from "./harness.ts";

const file = fileURLToPath(new URL("./fixtures/calc.prompt", import.meta.url));
const add = defineTool({
  name: "add",
  description: "Adds.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});
const wipe = defineTool({
  name: "wipe",
  description: "Deletes everything.",
  input: z.object({}),
  execute: () => "wiped",
});

describe.each(harnesses())("a .prompt file as the task template, over $name", (h) => {
  const task = async () =>
    new PromptAgentTask({
      taskName: "calc",
      agent: new AliceAgent({ name: "calc", systemMessage: "", model: h.model() }),
      templates: { task_template: await loadPrompt(file) },
      tools: [add, wipe],
    });

  it("applies its config, offers only its tools, declares its inputs and validates its output schema", async () => {
    const llm = h.script([
      { toolCalls: [{ id: "c1", name: "add", arguments: { a: 2, b: 3 } }] },
      { text: '{"answer": 5, "explanation": "2+3"}' },
    ]);
    const response = await (await task()).run({ question: "What is 2+3?" });
    expect(response.status).toBe("complete");
    expect(response.structuredOutput).toEqual({ answer: 5, explanation: "2+3" });

    const [first] = llm.requests;
    expect(first?.toolNames).toEqual(["add"]);
    expect(first?.lastUserText).toBe("\nWhat is 2+3?");
    expect(first?.body.temperature).toBe(0.2);
    const maxTokens =
      h.name === "anthropic"
        ? first?.body.max_tokens
        : (first?.body.max_completion_tokens ?? first?.body.max_tokens);
    expect(maxTokens).toBe(300);
    const system =
      h.name === "anthropic"
        ? JSON.stringify(first?.body.system)
        : JSON.stringify(first?.body.messages);
    expect(system).toContain("You are a careful calculator.");
  });

  it("sends a template's {{media}} image as an image, drops its {{section}}, and a video is refused before sending", async () => {
    const look = (contentType: string) =>
      new PromptAgentTask({
        taskName: "look",
        agent: new AliceAgent({ name: "look", systemMessage: "", model: h.model() }),
        templates: {
          task_template: new Prompt({
            name: "look",
            content: `{{role "system"}}Describe it.{{section "output"}}{{role "user"}}{{media url=photo contentType="${contentType}"}}`,
          }),
        },
      });
    const llm = h.script([{ text: "A cat." }]);
    const response = await look("image/png").run({ photo: "https://x.test/cat.png" });
    expect(response.status).toBe("complete");
    const sent = JSON.stringify(llm.requests[0]?.body);
    expect(sent).toContain('"https://x.test/cat.png"');
    expect(sent).toContain('"Describe it."');
    const video = await look("video/mp4").run({ photo: "https://x.test/cat.mp4" });
    // A video is a file part now; neither provider takes one, so it fails before anything is sent.
    expect([video.status, video.error?.code]).toEqual(["failed", "PROVIDER_BAD_REQUEST"]);
    expect(video.error?.message).toContain("video/mp4");
    expect(llm.requests).toHaveLength(1);
  });

  it("takes alice.maxToolRounds from the file over the agent's", async () => {
    expect((await task()).maxToolRounds).toBe(2);
  });

  it("takes its input schema as the task's inputVariables", async () => {
    const response = await (await task()).run({});
    expect(response.error?.code).toBe("INPUT_MISSING");
    expect(response.resultDiagnostic).toContain('"question"');
  });

  it("refuses a tool name the task does not have", async () => {
    const build = async () =>
      new PromptAgentTask({
        taskName: "calc",
        agent: new AliceAgent({ name: "calc", model: h.model() }),
        templates: { task_template: await loadPrompt(file) },
        tools: [wipe],
      });
    await expect(build()).rejects.toThrow(TaskDefinitionError);
    await expect(build()).rejects.toThrow(
      'names the tool "add", which is neither in tools nor in tasks (have: wipe)',
    );
  });
});
