import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { loadPrompt, loadPromptDir, PromptEnvironment, PromptError } from "alice-agents";
import { describe, expect, it } from "vitest";
import { tempPromptDir } from "./temp-prompt-dir.ts";

const library = join(import.meta.dirname, "fixtures", "library");

describe("loadPromptDir", () => {
  it("registers prompts by id (path without .prompt), variants apart, partials not at all", async () => {
    const registry = await loadPromptDir(library);
    expect(registry.ids()).toEqual(["greet", "recipe", "support/triage"]);
    expect(registry.size).toBe(4);
    expect(registry.variants("greet")).toEqual(["formal"]);
    expect(registry.get("greet")?.render({ name: "Ann" })).toBe("Hello Ann!");
    expect(registry.get("greet", "formal")?.render({ name: "Ann" })).toBe(
      "Good day, Ann. Kind regards, the team.\n",
    );
    expect(registry.has("header")).toBe(false);
    expect(registry.get("support/triage")?.name).toBe("support/triage");
    expect([...registry].map((p) => p.id).sort()).toEqual([
      "greet",
      "greet",
      "recipe",
      "support/triage",
    ]);
  });

  it("carries each prompt's model, config, tools, output schema and alice options as typed fields", async () => {
    const registry = await loadPromptDir(library);
    const recipe = registry.get("recipe");
    expect(recipe?.model).toBe("googleai/gemini-2.5-flash");
    expect(recipe?.config?.maxOutputTokens).toBe(800);
    expect(recipe?.tools).toEqual(["searchRecipes", "convertUnits"]);
    expect(recipe?.output?.format).toBe("json");
    expect(recipe?.output?.schema?.properties?.difficulty).toEqual({ enum: ["EASY", "HARD"] });
    const triage = registry.get("support/triage");
    expect(triage?.model).toBe("anthropic/claude-sonnet-4-5");
    expect(triage?.alice).toEqual({ maxToolRounds: 4 });
    expect(triage?.messages({ ticket: "Login fails", channel: "EMAIL" })).toEqual([
      { role: "system", content: "\nBe concise. Use metric units.\nClassify support tickets.\n" },
      { role: "user", content: "\nLogin fails (via EMAIL)" },
    ]);
  });

  it("takes the variant from the last dot, skips dot-files and dot-folders", async () => {
    const dir = await tempPromptDir({
      "a.b.c.prompt": "abc",
      ".hidden.prompt": "{{#if}}",
      ".git/x.prompt": "{{#if}}",
      "notes.txt": "{% if %}",
    });
    const registry = await loadPromptDir(dir);
    expect(registry.ids()).toEqual(["a.b"]);
    expect(registry.get("a.b", "c")?.renderUnchecked()).toBe("abc");
  });

  it("skips a link that leads out of the folder, with a warning", async () => {
    const outside = await tempPromptDir({ "secret.prompt": "secret" });
    const dir = await tempPromptDir({ "ok.prompt": "ok" });
    await symlink(join(outside, "secret.prompt"), join(dir, "leak.prompt"));
    const registry = await loadPromptDir(dir);
    expect(registry.ids()).toEqual(["ok"]);
    expect(registry.warnings.map((w) => w.code)).toEqual(["SKIPPED_FILE"]);
  });

  describe("a folder with broken files", () => {
    // Good prompts and partials beside a YAML error, a template syntax error, a missing partial,
    // a prompt whose partial is broken, and a partial that is not UTF-8 text.
    const files = {
      "greet.prompt": "{{> header}}Hello {{name}}!",
      "greet.formal.prompt": "Good day, {{name}}.",
      "_header.prompt": "HEADER\n",
      "a-yaml.prompt": "---\nname: [\n---\nx",
      "b-syntax.prompt": "Hi\n{{#if ready}}go",
      "c-no-partial.prompt": "Intro {{> nowhere}}",
      "d-bad-partial.prompt": "{{> broken}}text",
      "_broken.prompt": "{{/each}}",
      "e-binary.prompt": "{{> binary}}",
      "_binary.prompt": new Uint8Array([0xff, 0xfe, 0x41]),
      "support/triage.prompt": "Ticket: {{ticket}}",
    };

    it("loads every good prompt and partial, and lists each file's error with its place", async () => {
      const dir = await tempPromptDir(files);
      const registry = await loadPromptDir(dir);
      expect(registry.ids()).toEqual(["greet", "support/triage"]);
      expect(registry.size).toBe(3);
      expect(registry.get("greet")?.render({ name: "Ann" })).toBe("HEADER\nHello Ann!");
      expect(registry.get("greet", "formal")?.render({ name: "Ann" })).toBe("Good day, Ann.");
      expect(registry.get("support/triage")?.render({ ticket: "T1" })).toBe("Ticket: T1");
      const at = (file: string) => join(dir, file);
      expect(
        registry.errors.map((e) => [e.code, e.filePath, e.line, e.column, e.promptName]),
      ).toEqual([
        ["PROMPT_FILE_INVALID", at("_binary.prompt"), undefined, undefined, undefined],
        ["PROMPT_FILE_INVALID", at("a-yaml.prompt"), 2, 8, undefined],
        ["PROMPT_FILE_INVALID", at("b-syntax.prompt"), 2, 16, "b-syntax"],
        ["PROMPT_PARTIAL_NOT_FOUND", at("c-no-partial.prompt"), 1, 7, "c-no-partial"],
        ["PROMPT_FILE_INVALID", at("_broken.prompt"), 1, 1, "d-bad-partial"],
      ]);
      expect(registry.errors[0]?.message).toBe(
        `${at("_binary.prompt")}: The file is not valid UTF-8 text.`,
      );
      expect(
        registry.errors[1]?.message.startsWith(`${at("a-yaml.prompt")}:2:8: Invalid YAML`),
      ).toBe(true);
      expect(registry.errors[4]?.message).toContain('Partial "broken" (of prompt "d-bad-partial")');
    });

    it("get() of a prompt whose file did not load throws that file's error, not undefined", async () => {
      const registry = await loadPromptDir(await tempPromptDir(files));
      const [binary, yaml, syntax, noPartial, badPartial] = registry.errors;
      expect(thrown(() => registry.get("a-yaml"))).toBe(yaml);
      expect(thrown(() => registry.get("b-syntax"))).toBe(syntax);
      expect(thrown(() => registry.get("c-no-partial"))).toBe(noPartial);
      expect(thrown(() => registry.get("d-bad-partial"))).toBe(badPartial);
      // A prompt whose partial cannot be read fails with the partial's error (listed once).
      expect(thrown(() => registry.get("e-binary"))).toBe(binary);
      expect(registry.has("a-yaml")).toBe(false);
      expect(registry.get("nothing")).toBeUndefined();
      expect(registry.get("greet", "casual")).toBeUndefined();
    });

    it("strict: true throws one error listing every file's problem, with each as cause", async () => {
      const dir = await tempPromptDir(files);
      const error = await rejection(loadPromptDir(dir, { strict: true }));
      const { errors } = await loadPromptDir(dir);
      expect(error.code).toBe("PROMPT_FILE_INVALID");
      expect(error.filePath).toBe(dir);
      expect(error.message.split("\n")).toEqual([
        `${dir}: 5 files of the prompts folder do not load (strict: nothing is loaded):`,
        ...errors.map((e) => `  ${e.message}`),
      ]);
      expect(error.cause).toBeInstanceOf(AggregateError);
      expect((error.cause as AggregateError).errors.map((e: PromptError) => e.message)).toEqual(
        errors.map((e) => e.message),
      );
    });

    it("strict: true with one broken file throws that file's own error", async () => {
      const dir = await tempPromptDir({
        "good.prompt": "fine",
        "bad.prompt": "---\nname: [\n---\nx",
      });
      const error = await rejection(loadPromptDir(dir, { strict: true }));
      expect(error.code).toBe("PROMPT_FILE_INVALID");
      expect(error.filePath).toBe(join(dir, "bad.prompt"));
      expect(error.line).toBe(2);
    });

    it("a folder where everything loads has no errors, strict or not", async () => {
      const registry = await loadPromptDir(library, { strict: true });
      expect(registry.errors).toEqual([]);
      expect(registry.size).toBe(4);
    });

    it("a folder that cannot be read still throws", async () => {
      const missing = join(await tempPromptDir({}), "nope");
      const error = await rejection(loadPromptDir(missing));
      expect(error.code).toBe("PROMPT_FILE_INVALID");
      expect(error.message).toBe(`${missing}: The prompts folder cannot be read.`);
    });
  });

  it("does not recompile when the same folder is loaded again with the same environment", async () => {
    const environment = new PromptEnvironment();
    await loadPromptDir(library, { environment });
    const first = environment.stats();
    await loadPromptDir(library, { environment });
    const second = environment.stats();
    expect(first.compiles).toBeGreaterThan(0);
    expect(second.compiles).toBe(first.compiles);
    expect(second.cacheHits).toBeGreaterThan(first.cacheHits);
  });

  it("loads one file with loadPrompt, its id relative to a given root", async () => {
    const prompt = await loadPrompt(join(library, "support", "triage.prompt"), { root: library });
    expect(prompt.id).toBe("support/triage");
    expect(prompt.filePath).toBe(join(library, "support", "triage.prompt"));
  });
});

/** The PromptError `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<PromptError> {
  const error = await promise.then(
    () => expect.unreachable("expected a rejection"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PromptError);
  return error as PromptError;
}

/** What `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.unreachable("expected a throw");
}
