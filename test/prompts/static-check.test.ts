import { Prompt, type PromptWarning } from "alice-agents";
import { describe, expect, it, vi } from "vitest";
import { catchError } from "./catch-prompt-error.ts";

const declare = (...names: string[]) => ({
  type: "object" as const,
  properties: Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
});

describe("load-time checks of template variables", () => {
  it("catches a typo'd variable when the prompt is built, with its position and a suggestion", () => {
    const error = catchError(
      () =>
        new Prompt({ name: "greet", content: "Hello\n  {{nmae}}!", parameters: declare("name") }),
    );
    expect(error.code).toBe("PROMPT_UNKNOWN_VARIABLE");
    expect(error.variable).toBe("nmae");
    expect([error.line, error.column]).toEqual([2, 5]);
    expect(error.message).toContain('Did you mean "name"?');
  });

  it("checks names in #if, helper arguments, sub-expressions, @root and ../", () => {
    for (const content of [
      "{{#if nope}}x{{/if}}",
      "{{json nope}}",
      "{{#ifEquals a (lookup nope 'x')}}y{{/ifEquals}}",
      "{{#each a}}{{@root.nope}}{{/each}}",
      "{{#each a}}{{../nope}}{{/each}}",
    ]) {
      const error = catchError(() => new Prompt({ name: "p", content, parameters: declare("a") }));
      expect([content, error.variable]).toEqual([content, "nope"]);
    }
  });

  it("reads names inside #each and #with against the item, not the root", () => {
    const prompt = new Prompt({
      name: "list",
      content:
        "{{#each people}}{{name}} {{this.age}} {{@index}}{{/each}}{{#with boss}}{{name}}{{/with}}{{#each people as |p|}}{{p.name}}{{/each}}",
      parameters: declare("people", "boss"),
    });
    expect(prompt.warnings).toEqual([]);
  });

  it("warns about a declared variable the template never uses, as data and through onWarning", () => {
    const seen: PromptWarning[] = [];
    const log = vi.spyOn(console, "warn").mockImplementation(() => {});
    const prompt = new Prompt({
      name: "greet",
      content: "Hello {{name}}",
      parameters: declare("name", "tone"),
      onWarning: (w) => seen.push(w),
    });
    expect(prompt.warnings).toEqual([
      {
        code: "UNUSED_VARIABLE",
        message: 'Prompt "greet" declares variable "tone" but its template never uses it.',
        promptName: "greet",
      },
    ]);
    expect(seen).toEqual(prompt.warnings);
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  it("counts bound partial variables as known", () => {
    const prompt = new Prompt({
      name: "p",
      content: "{{a}} {{b}}",
      parameters: declare("a"),
      partialVariables: { b: "bee" },
    });
    expect(prompt.renderUnchecked({ a: "A" })).toBe("A bee");
  });

  it("refuses a declared variable named like a helper, which {{name}} would never read", () => {
    const error = catchError(
      () => new Prompt({ name: "p", content: "{{json}}", parameters: declare("json") }),
    );
    expect(error.code).toBe("PROMPT_INVALID");
    expect(error.message).toContain('"json", which is also a helper');
  });

  it("checks the variables partials use, in the context they are included in", () => {
    const partials = { card: "{{title}} by {{author}}", footer: "{{sign}}" };
    const ok = new Prompt({
      name: "p",
      content: '{{> card author="me"}}{{#each items}}{{> footer}}{{/each}}',
      parameters: declare("title", "items"),
      partials,
    });
    expect(ok.renderUnchecked({ title: "T", items: [{ sign: "s" }] })).toBe("T by mes");
    const error = catchError(
      () =>
        new Prompt({ name: "p", content: "{{> card}}", parameters: declare("title"), partials }),
    );
    expect(error.variable).toBe("author");
    expect(error.message).toContain('(in partial "card")');
  });

  it("fails at construction, not first render, on an unknown helper or a syntax error", () => {
    const helper = catchError(() => new Prompt({ name: "p", content: "a\n {{shout name}}" }));
    expect(helper.code).toBe("PROMPT_INVALID");
    expect(helper.message).toContain('Unknown helper "shout"');
    expect([helper.line, helper.column]).toEqual([2, 2]);
    const unclosed = catchError(() => new Prompt({ name: "p", content: "a\n{{#if x}}\nb" }));
    expect(unclosed.message).toContain("never closed");
    expect(unclosed.line).toBe(3);
    const mismatch = catchError(() => new Prompt({ name: "p", content: "{{#if x}}b{{/each}}" }));
    expect(mismatch.message).toContain("{{#if}} is closed by {{/each}}");
  });

  it("leaves Handlebars' console-writing log helper out", () => {
    const error = catchError(() => new Prompt({ name: "p", content: '{{log "hi"}}' }));
    expect(error.message).toContain('Unknown helper "log"');
  });
});
