import { Prompt, PromptError } from "alice-agents";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { catchError } from "./catch-prompt-error.ts";

const text = { type: "string" } as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Prompt rendering", () => {
  it("renders HTML-like text and JSON exactly as written (no escaping)", () => {
    const prompt = new Prompt({
      name: "raw",
      content: "{{snippet}} | {{{snippet}}} | {{payload}}",
    });
    const snippet = `<b>Tom & "Jerry"</b> it's \`x\` = 1`;
    const payload = '{"a": [1, "<two>"], "b": "it\'s"}';
    expect(prompt.renderUnchecked({ snippet, payload })).toBe(
      `${snippet} | ${snippet} | ${payload}`,
    );
  });

  it("prints a value as JSON with {{json value indent=2}}", () => {
    const prompt = new Prompt({ name: "j", content: "{{json data indent=2}}" });
    expect(prompt.renderUnchecked({ data: { a: [1, "<x>"] } })).toBe(
      '{\n  "a": [\n    1,\n    "<x>"\n  ]\n}',
    );
  });

  it("never parses a value as a template", () => {
    const prompt = new Prompt({ name: "lit", content: "Say: {{text}}" });
    expect(
      prompt.renderUnchecked({ text: "{{secret}} {{#each x}}y{{/each}}", secret: "LEAK" }),
    ).toBe("Say: {{secret}} {{#each x}}y{{/each}}");
  });

  it("keeps the engine's contract: no parameters, extra variables allowed, missing ones empty", () => {
    const prompt = new Prompt({ name: "out", content: "{{a}}-{{b}}-{{c}}" });
    expect(prompt.renderUnchecked({ a: 1, b: "two", unrelated: true })).toBe("1-two-");
  });

  it("removes standalone block lines and honours ~ whitespace control and \\{{ escapes", () => {
    const prompt = new Prompt({
      name: "ws",
      content: "a\n{{#if flag}}\nyes\n{{/if}}\nb {{~x~}} c \\{{literal}}",
    });
    expect(prompt.renderUnchecked({ flag: true, x: "X" })).toBe("a\nyes\nbXc {{literal}}");
  });

  it("offers Dotprompt's ifEquals and unlessEquals", () => {
    const prompt = new Prompt({
      name: "eq",
      content:
        '{{#ifEquals level "HIGH"}}urgent{{else}}calm{{/ifEquals}}/{{#unlessEquals level "HIGH"}}low{{/unlessEquals}}',
    });
    expect(prompt.renderUnchecked({ level: "HIGH" })).toBe("urgent/");
    expect(prompt.renderUnchecked({ level: "LOW" })).toBe("calm/low");
  });

  it("denies prototype access quietly", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const prompt = new Prompt({
      name: "proto",
      content:
        '[{{constructor}}][{{__proto__}}][{{lookup this "constructor"}}][{{s.constructor.name}}][{{s.trim}}]',
    });
    expect(prompt.renderUnchecked({ s: "text" })).toBe("[][][][][]");
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it("reports a failing render as TEMPLATE_RENDER_FAILED naming the prompt", () => {
    const prompt = new Prompt({ name: "loop", content: "{{#each}}x{{/each}}" });
    const error = catchError(() => prompt.renderUnchecked({}));
    expect(error.code).toBe("TEMPLATE_RENDER_FAILED");
    expect(error.message).toContain('Prompt "loop" could not be rendered');
  });

  it("refuses format() for a prompt with role markers and points to messages()", () => {
    const prompt = new Prompt({ name: "chat", content: '{{role "system"}}Be brief.' });
    const error = catchError(() => prompt.renderUnchecked({}));
    expect(error.code).toBe("PROMPT_INVALID");
    expect(error.message).toContain("messages()");
  });

  it("refuses Jinja2 syntax with a message that says so", () => {
    const error = catchError(
      () => new Prompt({ name: "seed", content: "Plan:\n{% if plan %}{{ plan }}{% endif %}" }),
    );
    expect(error.code).toBe("PROMPT_INVALID");
    expect(error.message).toContain("Jinja2");
    expect(error.message).toContain("{{#if x}}");
    expect([error.line, error.column]).toEqual([2, 1]);
  });

  it("refuses Jinja filters inside a mustache", () => {
    const error = catchError(() => new Prompt({ name: "f", content: "{{ name | upper }}" }));
    expect(error.message).toContain("Jinja2");
  });
});

describe("the render context (@ data)", () => {
  const status = new Prompt({
    name: "status",
    content: "{{name}}: step {{@state.step}}{{#if @auth.email}} for {{@auth.email}}{{/if}}",
    parameters: { type: "object", properties: { name: text }, required: ["name"] },
  });

  it("gives each key of options.context to the template as @key, as Dotprompt's context does", () => {
    const context = { state: { step: 2 }, auth: { email: "a@x.test" } };
    expect(status.render({ name: "Ann" }, { context })).toBe("Ann: step 2 for a@x.test");
    expect(status.renderUnchecked({ name: "Ann" }, { context: { state: { step: 0 } } })).toBe(
      "Ann: step 0",
    );
    expect(status.messages({ name: "Ann" }, { context })).toEqual([
      { role: "user", content: "Ann: step 2 for a@x.test" },
    ]);
  });

  it("renders an absent @ value empty, and grants no prototype access through it", () => {
    expect(status.render({ name: "Ann" })).toBe("Ann: step ");
    const probe = new Prompt({
      name: "probe",
      content: "[{{@auth.constructor}}{{@auth.__proto__}}]",
    });
    expect(probe.renderUnchecked({}, { context: { auth: { email: "x" } } })).toBe("[]");
  });

  it("refuses a context key named root: @root is the inputs", () => {
    const error = catchError(() => status.render({ name: "Ann" }, { context: { root: {} } }));
    expect(error.code).toBe("PROMPT_INVALID");
    expect(error.message).toContain('"root"');
  });
});

describe("Prompt variables", () => {
  const parameters = {
    type: "object",
    properties: {
      topic: { ...text, description: "what to write about" },
      tone: { type: "string", enum: ["formal", "casual"], default: "casual" },
      words: { type: "integer" },
    },
    required: ["topic"],
  } as const;

  it("validates with formatPrompt() but renders leniently with format()", () => {
    const prompt = new Prompt({
      name: "essay",
      content: "{{topic}} {{tone}} {{words}}",
      parameters,
    });
    expect(prompt.renderUnchecked({})).toBe(" casual ");
    expect(() => prompt.render({})).toThrow(PromptError);
    expect(prompt.render({ topic: "owls", words: 300 })).toBe("owls casual 300");
  });

  it("applies parameter defaults, with the caller's value winning", () => {
    const prompt = new Prompt({
      name: "essay",
      content: "{{tone}}",
      parameters: { ...parameters, required: [] },
    });
    expect(prompt.render({})).toBe("casual");
    expect(prompt.render({ tone: "formal" })).toBe("formal");
  });

  it("binds variables with partial(), leaving the rest as inputVariables", () => {
    const prompt = new Prompt({
      name: "essay",
      content: "{{topic}} {{tone}} {{words}}",
      parameters,
    });
    expect(prompt.inputVariables).toEqual(["topic", "tone", "words"]);
    const owls = prompt.partial({ topic: "owls" });
    expect(owls.inputVariables).toEqual(["tone", "words"]);
    expect(owls.render({ words: 10 })).toBe("owls casual 10");
    expect(prompt.inputVariables).toEqual(["topic", "tone", "words"]);
  });

  it("keeps a bound value literal, even when it looks like a template", () => {
    const prompt = new Prompt({ name: "p", content: "{{a}}/{{b}}" }).partial({ a: "{{b}}" });
    expect(prompt.renderUnchecked({ b: "B" })).toBe("{{b}}/B");
  });

  it("checks partial() values: an undeclared name or a wrong type is an error now", () => {
    const prompt = new Prompt({
      name: "essay",
      content: "{{topic}} {{tone}} {{words}}",
      parameters,
    });
    expect(catchError(() => prompt.partial({ topc: "owls" })).code).toBe("PROMPT_UNKNOWN_VARIABLE");
    expect(catchError(() => prompt.partial({ words: "ten" })).code).toBe("PROMPT_INVALID_VARIABLE");
  });

  it("lists the template's variables as inputVariables when nothing is declared", () => {
    const prompt = new Prompt({
      name: "p",
      content: "{{a}} {{#each items}}{{name}}{{/each}} {{@root.b}}",
    });
    expect(prompt.inputVariables.sort()).toEqual(["a", "b", "items"]);
    expect(prompt.partial({ a: 1 }).inputVariables.sort()).toEqual(["b", "items"]);
  });

  it("accepts a zod schema: zod validates (refinements included) and its defaults apply", () => {
    const prompt = new Prompt({
      name: "zod",
      content: "{{city}} in {{unit}}",
      parameters: z.object({ city: z.string().min(2), unit: z.enum(["C", "F"]).default("C") }),
    });
    expect(prompt.parameters?.properties.city).toEqual({ type: "string", minLength: 2 });
    expect(prompt.render({ city: "Oslo" })).toBe("Oslo in C");
    const short = catchError(() => prompt.render({ city: "O" }));
    expect(short.code).toBe("PROMPT_INVALID_VARIABLE");
    expect(short.variable).toBe("city");
    const missing = catchError(() => prompt.render({}));
    expect(missing.code).toBe("PROMPT_MISSING_VARIABLE");
    const unit = catchError(() => prompt.render({ city: "Oslo", unit: "K" }));
    expect(unit.expected).toBe('one of "C", "F"');
  });

  it("survives JSON: new Prompt(JSON.parse(JSON.stringify(prompt))) renders the same", () => {
    const prompt = new Prompt({
      name: "essay",
      content: "{{> intro}} {{topic}}",
      parameters,
      partials: { intro: "Write about" },
      model: "openai/gpt-4o-mini",
      config: { temperature: 0.2 },
    }).partial({ tone: "formal" });
    const copy = new Prompt(JSON.parse(JSON.stringify(prompt)));
    expect(copy.render({ topic: "owls" })).toBe("Write about owls");
    expect(copy.model).toBe("openai/gpt-4o-mini");
    expect(copy.partialVariables).toEqual({ tone: "formal" });
  });

  it("requires a name and a string content", () => {
    const error = catchError(() => new Prompt({ name: "", content: "x" }));
    expect(error.code).toBe("PROMPT_INVALID");
  });
});

describe("the deprecated names", () => {
  it("format() and formatPrompt() still render as renderUnchecked() and render() do", () => {
    const prompt = new Prompt({
      name: "p",
      content: "Hi {{name}}",
      parameters: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    });
    expect(prompt.format({})).toBe(prompt.renderUnchecked({}));
    expect(prompt.formatPrompt({ name: "Ada" })).toBe("Hi Ada");
    expect(() => prompt.formatPrompt({})).toThrow(/name/);
  });
});
