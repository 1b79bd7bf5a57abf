import { join } from "node:path";
import { loadPrompt, Prompt, type PromptWarning } from "alice-agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempPromptDir } from "./temp-prompt-dir.ts";

const fixtures = join(import.meta.dirname, "fixtures");

/** Loads one file written into a temp folder; returns the prompt or the PromptError. */
async function load(text: string | Uint8Array, options: Parameters<typeof loadPrompt>[1] = {}) {
  const dir = await tempPromptDir({ "p.prompt": text });
  return loadPrompt(join(dir, "p.prompt"), options);
}

async function loadError(text: string | Uint8Array) {
  const dir = await tempPromptDir({ "p.prompt": text });
  const path = join(dir, "p.prompt");
  const error = await loadPrompt(path).then(
    () => expect.unreachable("expected a load error"),
    (e: unknown) => e as import("alice-agents").PromptError,
  );
  return { error, path };
}

describe("Genkit-style .prompt files load unchanged", () => {
  it("reads a Genkit recipe prompt: model, config, Picoschema input and output, defaults", async () => {
    const prompt = await loadPrompt(join(fixtures, "genkit", "recipe-generator.prompt"));
    expect(prompt.name).toBe("recipe-generator");
    expect(prompt.model).toBe("googleai/gemini-2.5-flash");
    expect(prompt.config).toEqual({
      temperature: 0.8,
      topK: 40,
      topP: 0.95,
      maxOutputTokens: 1024,
    });
    expect(prompt.parameters?.required).toEqual(["food"]);
    expect(prompt.parameters?.properties.skill).toEqual({
      enum: ["BEGINNER", "INTERMEDIATE", "EXPERT", null],
      description: "cook's skill level",
    });
    expect(prompt.output).toEqual({
      format: "json",
      schema: {
        type: "object",
        properties: {
          title: { type: "string", description: "recipe title" },
          ingredients: {
            type: "array",
            items: {
              type: "object",
              properties: { name: { type: "string" }, quantity: { type: "string" } },
              required: ["name", "quantity"],
              additionalProperties: false,
            },
          },
          steps: {
            type: "array",
            items: { type: "string" },
            description: "the steps required to complete the recipe",
          },
          prepTime: { type: ["string", "null"] },
        },
        required: ["title", "ingredients", "steps"],
        additionalProperties: false,
      },
    });
    // Message text is kept as rendered, as Dotprompt keeps it: the line breaks around a role
    // marker belong to the message.
    expect(prompt.messages({ food: "pancakes", ingredients: ["flour", "milk"] })).toEqual([
      {
        role: "system",
        content: "\nYou are a helpful cooking assistant. Always answer with a recipe as JSON.\n\n",
      },
      {
        role: "user",
        content:
          "\nCreate a BEGINNER recipe for pancakes.\nUse these ingredients:\n- flour\n- milk\n",
      },
    ]);
    expect(prompt.warnings).toEqual([]);
  });

  it("reads tools, Genkit extras, metadata and dotted extension keys, and uses a partial", async () => {
    const prompt = await loadPrompt(join(fixtures, "genkit", "story.prompt"));
    expect(prompt.name).toBe("storyteller");
    expect(prompt.id).toBe("story");
    expect(prompt.description).toBe("Writes a short story");
    expect(prompt.tools).toEqual(["lookupCharacter"]);
    expect([prompt.toolChoice, prompt.returnToolRequests, prompt.maxTurns]).toEqual([
      "required",
      false,
      5,
    ]);
    expect(prompt.config).toEqual({ temperature: 1, stopSequences: ["THE END"] });
    // YAML 1.2: `on` stays a string.
    expect(prompt.metadata).toEqual({ team: "fiction", reviewed: "on" });
    expect(prompt.ext).toEqual({ myapp: { owner: "fiction-team", tier: 2 } });
    expect(prompt.render({ subject: "a lighthouse", details: { length: "short" } })).toBe(
      "You are a storyteller. Stories have a beginning, a middle and an end.\nWrite a short story about a lighthouse.",
    );
  });

  it("renders {{history}} and {{media}} from a Genkit multimodal prompt", async () => {
    const prompt = await loadPrompt(join(fixtures, "genkit", "describe-image.prompt"));
    const history = [
      { role: "user" as const, content: "Hi" },
      { role: "assistant" as const, content: "Hello" },
    ];
    expect(prompt.messages({ photoUrl: "https://x.test/a.jpg" }, { history })).toEqual([
      { role: "system", content: "\nDescribe images for a photo archive.\n" },
      ...history.map((m) => ({ ...m, metadata: { purpose: "history" } })),
      {
        role: "user",
        content: [
          { type: "text", text: "\nDescribe this photo: " },
          { type: "media", url: "https://x.test/a.jpg" },
        ],
      },
    ]);
  });
});

describe("frontmatter", () => {
  it("treats a file without frontmatter as all template, as written, and accepts empty frontmatter", async () => {
    // Dotprompt trims the body only after frontmatter.
    expect((await load("Hello {{name}}\n")).renderUnchecked({ name: "A" })).toBe("Hello A\n");
    expect(
      (await load("---\nname: x\n---\n\nHello {{name}}\n\n")).renderUnchecked({ name: "A" }),
    ).toBe("Hello A");
    expect((await load("---\n---\nHi")).renderUnchecked()).toBe("Hi");
    expect((await load("---\nname: x\n---\n")).renderUnchecked()).toBe("");
  });

  it("handles CRLF, a BOM and comment lines before the frontmatter, with a stable version", async () => {
    const lf = "# License: MIT\n\n---\nmodel: openai/gpt-4o-mini\n---\nHi {{a}}\n";
    const crlf = `\uFEFF${lf.replaceAll("\n", "\r\n")}`;
    const [one, two] = [await load(lf), await load(crlf)];
    expect(two.model).toBe("openai/gpt-4o-mini");
    expect(two.renderUnchecked({ a: 1 })).toBe("Hi 1");
    expect(one.version).toMatch(/^[0-9a-f]{8}$/);
    expect(two.version).toBe(one.version);
  });

  it("keeps a --- rule inside the body as text", async () => {
    const prompt = await load("---\nname: x\n---\nAbove\n---\nBelow");
    expect(prompt.renderUnchecked()).toBe("Above\n---\nBelow");
  });

  it("reports invalid YAML with the file, line and column (not as template text)", async () => {
    const { error, path } = await loadError("---\nname: x\nconfig:\n  temperature: [0.2\n---\nHi");
    expect(error.code).toBe("PROMPT_FILE_INVALID");
    expect(error.filePath).toBe(path);
    expect(error.line).toBe(4);
    expect(error.message.startsWith(`${path}:4:`)).toBe(true);
    expect(error.message).toContain("Invalid YAML frontmatter");
  });

  it("rejects a duplicate key, a non-mapping frontmatter and an unclosed frontmatter", async () => {
    expect((await loadError("---\nmodel: a\nmodel: b\n---\nx")).error.line).toBe(3);
    expect((await loadError("---\n- a\n- b\n---\nx")).error.message).toContain("must be a mapping");
    const unclosed = (await loadError("\n---\nname: x\nHi")).error;
    expect([unclosed.line, unclosed.message.includes("never closed")]).toEqual([2, true]);
  });

  it("checks field types with the line of the bad value", async () => {
    const { error } = await loadError("---\nconfig:\n  temperature: hot\n---\nx");
    expect(error.message).toContain(
      'Frontmatter "config.temperature" must be a number, got "hot".',
    );
    expect([error.line, error.column]).toEqual([3, 16]);
    expect((await loadError("---\ntools: lookup\n---\nx")).error.message).toContain(
      "a list of tool names",
    );
    expect((await loadError("---\nalice.maxToolRounds: -1\n---\nx")).error.message).toContain(
      "a positive integer",
    );
  });

  it("keeps unknown keys in raw and warns about them; typed alice.* options, warned unknown ones", async () => {
    const seen: PromptWarning[] = [];
    const prompt = await load(
      "---\ntemprature: 0.3\nalice.maxToolRounds: 4\nalice.preventIndent: true\nalice.colour: red\n---\nx",
      { onWarning: (w) => seen.push(w) },
    );
    expect(prompt.raw?.temprature).toBe(0.3);
    expect(prompt.alice).toEqual({ maxToolRounds: 4, preventIndent: true });
    expect(prompt.ext?.alice).toEqual({ maxToolRounds: 4, preventIndent: true, colour: "red" });
    expect(prompt.warnings.map((w) => [w.code, w.line])).toEqual([
      ["UNKNOWN_KEY", 2],
      ["UNKNOWN_EXTENSION", 5],
    ]);
    expect(seen).toEqual(prompt.warnings);
  });

  it("loads a single-value input.schema (Genkit's schema: string) as inputSchema, declaring no variables", async () => {
    const prompt = await load("---\ninput:\n  schema: string, the topic\n---\nAbout {{topic}}");
    expect(prompt.inputSchema).toEqual({ type: "string", description: "the topic" });
    expect(prompt.parameters).toBeUndefined();
    expect(prompt.inputVariables).toEqual(["topic"]);
    expect(prompt.render({ topic: "owls" })).toBe("About owls");
    expect(new Prompt(prompt.toJSON()).inputSchema).toEqual(prompt.inputSchema);
    // An object schema without named properties is still refused.
    expect(
      (await loadError("---\ninput:\n  schema: { type: object }\n---\nx")).error.message,
    ).toContain("must describe an object with named properties");
  });

  it("applies input.default under the caller's values and warns about defaults for undeclared names", async () => {
    const prompt = await load(
      "---\ninput:\n  schema:\n    name: string\n    greeting?: string\n  default:\n    greeting: Hello\n    nmae: Ann\n---\n{{greeting}}, {{name}}",
    );
    expect(prompt.render({ name: "Bo" })).toBe("Hello, Bo");
    expect(prompt.render({ name: "Bo", greeting: "Hi" })).toBe("Hi, Bo");
    expect(prompt.warnings.map((w) => [w.code, w.line])).toEqual([["UNUSED_DEFAULT", 8]]);
  });

  it("converts output.schema given as a scalar, and inline toolDefs", async () => {
    const prompt = await load(
      "---\noutput:\n  schema: string, the answer\ntoolDefs:\n  - name: add\n    description: adds\n    inputSchema:\n      a: number\n      b: number\n---\nx",
    );
    expect(prompt.output).toEqual({ schema: { type: "string", description: "the answer" } });
    expect(prompt.toolDefs).toEqual([
      {
        name: "add",
        description: "adds",
        inputSchema: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
          required: ["a", "b"],
          additionalProperties: false,
        },
      },
    ]);
  });

  it("resolves named schemas given as zod, and reports an unknown one at its line", async () => {
    const schemas = { Recipe: z.object({ title: z.string() }) };
    const prompt = await load("---\noutput:\n  schema: Recipe\n---\nx", { schemas });
    expect(prompt.output?.schema).toMatchObject({
      type: "object",
      properties: { title: { type: "string" } },
    });
    const { error } = await loadError("---\ninput:\n  schema:\n    dish: Recipe\n---\n{{dish}}");
    expect(error.message).toContain('unknown type "Recipe"');
    expect(error.line).toBe(4);
  });
});

describe("template errors in files", () => {
  it("refuses a Jinja2 file (Project Alice's original format) and says so, with the line", async () => {
    const { error } = await loadError(
      "You are a coder.\n\n{% if Plan_Workflow %}\nFollow the plan: {{ Plan_Workflow }}\n{% endif %}\n",
    );
    expect(error.code).toBe("PROMPT_FILE_INVALID");
    expect(error.message).toContain("Jinja2");
    expect([error.line, error.column]).toEqual([3, 1]);
  });

  it("reports a syntax error at load, at its line in the file (after the frontmatter)", async () => {
    const { error, path } = await loadError(
      "---\nname: x\n---\n\nHello\n{{#each items}}\n- {{this}}\n",
    );
    expect(error.code).toBe("PROMPT_FILE_INVALID");
    expect(error.message).toContain("never closed");
    expect(error.message.startsWith(`${path}:7:`)).toBe(true);
  });

  it("catches a typo'd variable at load, with its line and column in the file", async () => {
    const { error } = await loadError(
      "---\ninput:\n  schema:\n    topic: string\n---\nWrite about\n  {{topik}}.",
    );
    expect(error.code).toBe("PROMPT_UNKNOWN_VARIABLE");
    expect([error.line, error.column]).toEqual([7, 5]);
    expect(error.message).toContain('Did you mean "topic"?');
  });

  it("warns about an unused declared variable at the line that declares it", async () => {
    const prompt = await load(
      "---\ninput:\n  schema:\n    topic: string\n    tone?: string\n---\n{{topic}}",
    );
    expect(prompt.warnings.map((w) => [w.code, w.line, w.column])).toEqual([
      ["UNUSED_VARIABLE", 5, 5],
    ]);
  });

  it("refuses a file that is not UTF-8", async () => {
    const { error } = await loadError(new Uint8Array([0x48, 0x69, 0xff, 0xfe]));
    expect(error.message).toContain("not valid UTF-8");
  });
});

describe("the documented example", () => {
  it("loads examples/prompts/support-agent.prompt and renders its messages", async () => {
    const examples = join(import.meta.dirname, "..", "..", "examples", "prompts");
    const prompt = await loadPrompt(join(examples, "support-agent.prompt"));
    expect(prompt.warnings).toEqual([]);
    expect([prompt.model, prompt.tools, prompt.alice]).toEqual([
      "openai/gpt-4o-mini",
      ["lookupOrder", "refundOrder", "searchKnowledgeBase"],
      { maxToolRounds: 4 },
    ]);
    const messages = prompt.messages({
      company: "Acme",
      customer: { name: "Sam", tier: "FREE" },
      ticket: { subject: "Late tent", body: "Where is <my> tent?" },
    });
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(messages[0]?.content).toContain("## Tone");
    expect(messages[0]?.content).toContain("free plan");
    expect(messages[1]).toEqual({
      role: "user",
      content: "\nTicket: Late tent\n\nWhere is <my> tent?",
    });
  });
});
