import { join } from "node:path";
import { loadPrompt, Prompt, type PromptWarning } from "alice-agents";
import { describe, expect, it } from "vitest";
import { tempPromptDir } from "./temp-prompt-dir.ts";

const needsContext = (prompt: Prompt) => prompt.warnings.filter((w) => w.code === "NEEDS_CONTEXT");

describe("a template that reads @ data warns that it needs a render context", () => {
  it("warns once per key at load, with file, line and column, and says how to pass it", async () => {
    const dir = await tempPromptDir({
      "status.prompt":
        "---\ninput:\n  schema:\n    name: string\n---\nHi {{name}}.\nStep {{@state.step}} of {{@state.total}}{{#if @auth.email}} for {{@auth.email}}{{/if}}.\n",
    });
    const path = join(dir, "status.prompt");
    const seen: PromptWarning[] = [];
    const prompt = await loadPrompt(path, { onWarning: (w) => seen.push(w) });
    expect(needsContext(prompt)).toEqual([
      {
        code: "NEEDS_CONTEXT",
        message:
          'Prompt "status" reads @state, which only a render context gives; without one it renders empty. Pass it as render(inputs, { context: { state: … } }) or messages(inputs, { context: { state: … } }).',
        promptName: "status",
        filePath: path,
        line: 7,
        column: 8,
      },
      expect.objectContaining({ code: "NEEDS_CONTEXT", filePath: path, line: 7, column: 47 }),
    ]);
    expect(needsContext(prompt)[1]?.message).toContain("reads @auth");
    expect(seen.filter((w) => w.code === "NEEDS_CONTEXT")).toEqual(needsContext(prompt));
    // The warning is advice: given the context, the prompt renders it.
    const context = { state: { step: 2, total: 3 }, auth: { email: "a@x.test" } };
    expect(prompt.render({ name: "Ann" }, { context })).toBe("Hi Ann.\nStep 2 of 3 for a@x.test.");
  });

  it("does not warn for Handlebars' own @ data", () => {
    const prompt = new Prompt({
      name: "p",
      content:
        "{{#each items}}{{@index}}{{@key}}{{#if @first}}first{{/if}}{{#if @last}}last{{/if}}{{@root.title}}{{/each}}{{#> missing}}{{/missing}}",
    });
    expect(prompt.warnings).toEqual([]);
  });

  it("finds reads in helper arguments, sub-expressions and partials, naming the partial", () => {
    const prompt = new Prompt({
      name: "p",
      content: "{{json (lookup @user 'id')}}\n{{> footer}}",
      partials: { footer: "Bye\n  {{@session.id}}" },
    });
    expect(needsContext(prompt).map((w) => [w.message.split(",")[0], w.line, w.column])).toEqual([
      ['Prompt "p" reads @user', 1, 16],
      ['Prompt "p" reads @session (in partial "footer")', 2, 5],
    ]);
  });

  it("points a prompt that renders to messages at messages()", () => {
    const prompt = new Prompt({ name: "p", content: '{{role "system"}}Step {{@state.step}}' });
    const [warning] = needsContext(prompt);
    expect(warning?.message).toContain("Pass it as messages(inputs, { context: { state: … } }).");
    expect(warning?.message).not.toContain("render(");
  });

  it("does not warn inside a custom block helper, which may give its block @ data", () => {
    const withTurn = (options: {
      fn: (context: unknown, options: { data: Record<string, unknown> }) => string;
    }) => options.fn({}, { data: { turn: 3 } });
    const prompt = new Prompt({
      name: "p",
      content: "{{#withTurn}}turn {{@turn}}{{/withTurn}}",
      helpers: { withTurn },
    });
    expect(prompt.warnings).toEqual([]);
    expect(prompt.render()).toBe("turn 3");
  });
});
