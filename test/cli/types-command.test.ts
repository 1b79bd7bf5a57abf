import { access, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePromptTypes } from "alice-agents";
import { afterAll, describe, expect, it } from "vitest";
import { alice, FIXTURES } from "./run-alice.ts";

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A fresh copy of the typed prompts fixture, to write into. */
async function promptsCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "alice-types-cli-"));
  made.push(dir);
  await cp(join(FIXTURES, "typed", "prompts"), dir, { recursive: true });
  return dir;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.concurrent("alice types", () => {
  it("writes <dir>/prompts.d.ts by default, says what it declared, and leaves an up-to-date file alone", async () => {
    const dir = await promptsCopy();
    const out = join(dir, "prompts.d.ts");
    const first = await alice(["types", dir]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe(
      [
        `wrote ${out} (2 prompts)`,
        "  summarise          SummariseInput → SummariseOutput",
        "  summarise (short)  SummariseShortInput → SummariseShortOutput",
        "",
      ].join("\n"),
    );
    const text = await readFile(out, "utf8");
    expect(text).toBe((await generatePromptTypes(dir)).text);
    expect(text).toContain(
      "export type SummariseOutput = {\n  summary: string;\n  keywords: string[];\n};",
    );
    const again = await alice(["types", dir]);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")[0]).toBe(`unchanged ${out} (2 prompts)`);
  });

  it("--out names the file; --out - prints it", async () => {
    const dir = await promptsCopy();
    const [file, printed] = await Promise.all([
      alice(["types", "typed/prompts", "--out", join(dir, "types", "prompts.gen.d.ts")]),
      alice(["types", "typed/prompts", "--out", "-"]),
    ]);
    expect(file.code).toBe(0);
    expect(file.stdout.split("\n")[0]).toBe(
      `wrote ${join(dir, "types", "prompts.gen.d.ts")} (2 prompts)`,
    );
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(
      (await generatePromptTypes(join(FIXTURES, "typed", "prompts"))).text,
    );
    expect(await readFile(join(dir, "types", "prompts.gen.d.ts"), "utf8")).toBe(printed.stdout);
    expect(await exists(join(FIXTURES, "typed", "prompts", "prompts.d.ts"))).toBe(false);
  });

  it("--check writes nothing: exit 0 when the file is up to date, 1 when it is missing or stale", async () => {
    const dir = await promptsCopy();
    const missing = await alice(["types", dir, "--check"]);
    expect(missing.code).toBe(1);
    expect(missing.errLines).toEqual([
      `alice types: ${join(dir, "prompts.d.ts")} does not exist: run alice types ${dir}`,
    ]);
    expect(await exists(join(dir, "prompts.d.ts"))).toBe(false);
    expect((await alice(["types", dir])).code).toBe(0);
    const fresh = await alice(["types", dir, "--check"]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toBe(`✓ ${join(dir, "prompts.d.ts")} is up to date (2 prompts)\n`);
    const prompt = join(dir, "summarise.short.prompt");
    await writeFile(
      prompt,
      (await readFile(prompt, "utf8"))
        .replace("text: string", "line: string")
        .replace("{{text}}", "{{line}}"),
    );
    const stale = await alice(["types", dir, "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.errLines).toEqual([
      `alice types: ${join(dir, "prompts.d.ts")} is out of date: run alice types ${dir}`,
    ]);
  });

  it("a folder with prompts that do not load lists every problem, writes nothing and exits 2", async () => {
    const r = await alice(["types", "typed/broken"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.errLines).toEqual([
      expect.stringMatching(/^typed\/broken\/bad-yaml\.prompt:2:\d+: Invalid YAML frontmatter: /),
      'typed/broken/no-partial.prompt:1:7: Prompt "no-partial" includes partial "nowhere", which does not exist (no-partial → nowhere). Add a _nowhere.prompt file or pass it in `partials`.',
      'typed/broken/typo.prompt:6:15: Prompt "typo" uses {{topik}}, but its parameters do not declare "topik". Did you mean "topic"? Declared: topic.',
    ]);
    expect(await exists(join(FIXTURES, "typed", "broken", "prompts.d.ts"))).toBe(false);
  });

  it("a path that is not a folder, or none, is a usage error (exit 2)", async () => {
    const [file, none, help] = await Promise.all([
      alice(["types", "publish.yaml"]),
      alice(["types"]),
      alice(["types", "--help"]),
    ]);
    expect(file.code).toBe(2);
    expect(file.errLines).toEqual([
      "alice types: publish.yaml: not a folder of .prompt files",
      "  (see alice types --help)",
    ]);
    expect(none.code).toBe(2);
    expect(none.errLines[0]).toBe("alice types: missing <prompts-dir>");
    expect(help.code).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe(
      "Usage: alice types <prompts-dir> [--out <file>] [--check]",
    );
  });
});
