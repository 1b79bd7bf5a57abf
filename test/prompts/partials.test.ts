import { join } from "node:path";
import { loadPrompt, loadPromptDir, Prompt, type PromptError } from "alice-agents";
import { describe, expect, it } from "vitest";
import { catchError } from "./catch-prompt-error.ts";
import { tempPromptDir } from "./temp-prompt-dir.ts";

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("expected a load error"),
    (e: unknown) => e as PromptError,
  );

describe("partials given in code", () => {
  it("renders partials with the caller's context, hash arguments, a context argument and nesting", () => {
    const prompt = new Prompt({
      name: "letter",
      content:
        '{{> header}}|{{> sign who="Ann"}}|{{> card person}}|{{#each people}}{{> card}}{{/each}}',
      partials: {
        header: "Dear {{name}}{{> comma}}",
        comma: ",",
        sign: "-- {{who}}",
        card: "[{{first}}]",
      },
    });
    expect(
      prompt.renderUnchecked({ name: "Bo", person: { first: "Cy" }, people: [{ first: "Di" }] }),
    ).toBe("Dear Bo,|-- Ann|[Cy]|[Di]");
  });

  it("renders a partial block's fallback when the partial is absent, and inline partials", () => {
    const prompt = new Prompt({
      name: "p",
      content: '{{#> missing}}fallback{{/missing}} {{#*inline "x"}}inline {{v}}{{/inline}}{{> x}}',
    });
    expect(prompt.renderUnchecked({ v: 1 })).toBe("fallback inline 1");
  });

  it("reports a missing partial at construction with the chain of names", () => {
    const error = catchError(
      () =>
        new Prompt({
          name: "main",
          content: "{{> a}}",
          partials: { a: "A {{> b}}", b: "B\n {{> gone}}" },
        }),
    );
    expect(error.code).toBe("PROMPT_PARTIAL_NOT_FOUND");
    expect(error.chain).toEqual(["main", "a", "b", "gone"]);
    expect(error.message).toContain("main → a → b → gone");
    expect([error.line, error.column]).toEqual([2, 2]);
  });

  it("reports a cycle of partials (a → b → a, and a → a) instead of overflowing the stack", () => {
    const cycle = catchError(
      () =>
        new Prompt({ name: "main", content: "{{> a}}", partials: { a: "{{> b}}", b: "{{> a}}" } }),
    );
    expect(cycle.code).toBe("PROMPT_PARTIAL_CYCLE");
    expect(cycle.chain).toEqual(["main", "a", "b", "a"]);
    const self = catchError(
      () => new Prompt({ name: "main", content: "{{> a}}", partials: { a: "x{{> a}}" } }),
    );
    expect(self.message).toContain("main → a → a");
  });

  it("refuses a dynamic partial name, which cannot be checked ahead", () => {
    const error = catchError(() => new Prompt({ name: "p", content: "{{> (lookup . 'which')}}" }));
    expect(error.message).toContain("dynamic partial");
  });

  it("reports a syntax error inside a partial", () => {
    const error = catchError(
      () => new Prompt({ name: "p", content: "{{> a}}", partials: { a: "{{#if x}}" } }),
    );
    expect(error.message).toContain("never closed");
    expect(error.message).toContain('Partial "a" (of prompt "p") has a template error');
  });
});

describe("partial files", () => {
  const files = {
    "_header.prompt": "HEADER {{title}}\n",
    "common/_footer.prompt": "FOOTER\n",
    "sub/_header.prompt": "SUB HEADER\n",
    "sub/page.prompt": "{{> header}}{{> common/footer}}body",
    "sub/deep/leaf.prompt": "{{> header}}leaf",
    "genkit.prompt": "{{> footer}}",
    "list.prompt": "Items:\n  {{> item}}\nend",
    "_item.prompt": "- one\n- two\n",
    "flat.prompt": "---\nalice.preventIndent: true\n---\nItems:\n  {{> item}}\nend",
  };

  it("resolves _name.prompt from the calling file's folder first, then from the root", async () => {
    const dir = await tempPromptDir(files);
    const registry = await loadPromptDir(dir);
    expect(registry.get("sub/page")?.renderUnchecked()).toBe("SUB HEADER\nFOOTER\nbody");
    expect(registry.get("sub/deep/leaf")?.renderUnchecked({ title: "T" })).toBe("HEADER T\nleaf");
  });

  it("finds a partial by its base name anywhere in the folder when unique (Genkit's lookup)", async () => {
    const registry = await loadPromptDir(await tempPromptDir(files));
    expect(registry.get("genkit")?.renderUnchecked()).toBe("FOOTER\n");
  });

  it("indents an indented standalone partial, unless alice.preventIndent is set", async () => {
    const registry = await loadPromptDir(await tempPromptDir(files));
    expect(registry.get("list")?.renderUnchecked()).toBe("Items:\n  - one\n  - two\nend");
    expect(registry.get("flat")?.renderUnchecked()).toBe("Items:\n  - one\n- two\nend");
  });

  it("warns that a partial's frontmatter is ignored", async () => {
    const dir = await tempPromptDir({
      "_p.prompt": "---\nname: p\n---\nP",
      "main.prompt": "{{> p}}",
    });
    const prompt = await loadPrompt(join(dir, "main.prompt"));
    expect(prompt.renderUnchecked()).toBe("P");
    expect(prompt.warnings.map((w) => w.code)).toEqual(["PARTIAL_FRONTMATTER"]);
  });

  it("reports a missing partial file at load with the file, line and chain", async () => {
    const dir = await tempPromptDir({ "main.prompt": "---\nname: main\n---\nHi\n{{> signature}}" });
    const error = await rejection(loadPrompt(join(dir, "main.prompt")));
    expect(error.code).toBe("PROMPT_PARTIAL_NOT_FOUND");
    expect(error.filePath).toBe(join(dir, "main.prompt"));
    expect(error.line).toBe(5);
    expect(error.message).toContain("_signature.prompt");
  });

  it("reports a cycle between partial files with the chain, at the line in the partial that closes it", async () => {
    const dir = await tempPromptDir({
      "main.prompt": "{{> a}}",
      "_a.prompt": "A\n{{> b}}",
      "_b.prompt": "B\n\n{{> a}}",
    });
    const error = await rejection(loadPrompt(join(dir, "main.prompt")));
    expect(error.code).toBe("PROMPT_PARTIAL_CYCLE");
    expect(error.chain).toEqual(["main", "a", "b", "a"]);
    expect([error.filePath, error.line]).toEqual([join(dir, "_b.prompt"), 3]);
  });

  it("reports a syntax error in a partial file with the partial's path", async () => {
    const dir = await tempPromptDir({ "main.prompt": "{{> a}}", "_a.prompt": "ok\n{{#if x}}" });
    const error = await rejection(loadPrompt(join(dir, "main.prompt")));
    expect(error.filePath).toBe(join(dir, "_a.prompt"));
    expect(error.line).toBe(2);
  });

  it("lets partials given in options win over files", async () => {
    const dir = await tempPromptDir({ "main.prompt": "{{> a}}", "_a.prompt": "file" });
    const prompt = await loadPrompt(join(dir, "main.prompt"), { partials: { a: "option" } });
    expect(prompt.renderUnchecked()).toBe("option");
  });
});
