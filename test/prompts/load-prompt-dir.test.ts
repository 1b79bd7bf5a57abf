import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { loadPrompt, loadPromptDir, PromptEnvironment, type PromptError } from "alice-agents";
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

  it("fails on the first broken file, naming it", async () => {
    const dir = await tempPromptDir({
      "good.prompt": "fine",
      "bad.prompt": "---\nname: [\n---\nx",
    });
    const error = await loadPromptDir(dir).then(
      () => expect.unreachable(),
      (e: unknown) => e as PromptError,
    );
    expect(error.code).toBe("PROMPT_FILE_INVALID");
    expect(error.filePath).toBe(join(dir, "bad.prompt"));
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
