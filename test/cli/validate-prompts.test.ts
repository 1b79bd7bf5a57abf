import { describe, expect, it } from "vitest";
import { alice } from "./run-alice.ts";

describe.concurrent("alice validate <prompts-dir>", () => {
  it("lists the prompts of a folder where every file loads (exit 0)", async () => {
    const r = await alice(["validate", "typed/prompts"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("✓ typed/prompts: 2 prompts\n  summarise\n  summarise (short)\n");
  });

  it("prints the warnings on stderr without failing", async () => {
    const r = await alice(["validate", "warned-prompts"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("✓ warned-prompts: 1 prompt\n  hello\n");
    expect(r.errLines).toEqual([
      'warned-prompts/hello.prompt:5:5: warning: Prompt "hello" declares variable "tone" but its template never uses it.',
    ]);
  });

  it("lists every file that does not load as file:line:column: message, not only the first (exit 2)", async () => {
    const r = await alice(["validate", "typed/broken"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.errLines).toEqual([
      expect.stringMatching(/^typed\/broken\/bad-yaml\.prompt:2:17: Invalid YAML frontmatter: /),
      'typed/broken/no-partial.prompt:1:7: Prompt "no-partial" includes partial "nowhere", which does not exist (no-partial → nowhere). Add a _nowhere.prompt file or pass it in `partials`.',
      'typed/broken/typo.prompt:6:15: Prompt "typo" uses {{topik}}, but its parameters do not declare "topik". Did you mean "topic"? Declared: topic.',
    ]);
  });

  it("lists the same problems as alice types, which shares the loader", async () => {
    const [validate, types] = await Promise.all([
      alice(["validate", "typed/broken"]),
      alice(["types", "typed/broken", "--out", "-"]),
    ]);
    expect(types.code).toBe(2);
    expect(types.stdout).toBe("");
    expect(types.stderr).toBe(validate.stderr);
  });

  it("refuses --tools with a folder (a usage error, exit 2)", async () => {
    const r = await alice(["validate", "typed/prompts", "--tools", "tools.ts"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      "alice validate: --tools checks the tools a task file names; a prompts folder has none to check",
      "  (see alice validate --help)",
    ]);
  });
});
