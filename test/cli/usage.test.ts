import { describe, expect, it } from "vitest";
import { alice } from "./run-alice.ts";

describe.concurrent("usage", () => {
  it.each([
    ["run", "Usage: alice run <task-file> [options]"],
    [
      "resume",
      "Usage: alice resume <response.json|run-id> [--option N] --task <task-file> [options]",
    ],
    ["runs", "Usage: alice runs [list|show <run-id>|resume <run-id>|prune] [options]"],
    ["graph", "Usage: alice graph <task-file> [--format mermaid|json]"],
    ["validate", "Usage: alice validate <task-file|prompts-dir> [--tools <module>]"],
  ])("alice %s --help prints its usage (exit 0)", async (command, first) => {
    const r = await alice([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(first);
    expect(r.stderr).toBe("");
  });

  it("alice --help lists the commands and the exit codes; help <command> works too", async () => {
    const [main, help] = await Promise.all([alice(["--help"]), alice(["help", "graph"])]);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("  run       run a task or workflow file and print its output");
    expect(main.stdout).toContain("  130  cancelled with Ctrl-C");
    expect(help.stdout.split("\n")[0]).toBe(
      "Usage: alice graph <task-file> [--format mermaid|json]",
    );
  });

  it("alice --version prints the package version", async () => {
    const r = await alice(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });

  it("no command prints the help on stderr (exit 2)", async () => {
    const r = await alice([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage:");
  });

  it("an unknown command, an unknown option or a missing file is a usage error (exit 2)", async () => {
    const [command, option, positional, extra] = await Promise.all([
      alice(["frobnicate"]),
      alice(["run", "summarise.yaml", "--frob"]),
      alice(["graph"]),
      alice(["validate", "a.yaml", "b.yaml"]),
    ]);
    for (const r of [command, option, positional, extra]) expect(r.code).toBe(2);
    expect(command.errLines).toEqual([
      'alice: unknown command "frobnicate" (commands: run, resume, runs, graph, validate, types)',
      "  (see alice --help)",
    ]);
    expect(option.errLines).toEqual([
      "alice run: unknown option --frob",
      "  (see alice run --help)",
    ]);
    expect(positional.errLines[0]).toBe("alice graph: missing <task-file>");
    expect(extra.errLines[0]).toBe('alice validate: unexpected argument "b.yaml"');
  });

  it("a task file that does not exist is reported as one problem (exit 2)", async () => {
    const r = await alice(["run", "nowhere.yaml"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^nowhere\.yaml: cannot read the file \(ENOENT/);
  });

  it("a task file naming a tool, run without --tools, says where tools come from (exit 2)", async () => {
    const r = await alice(["run", "summarise.yaml", "-i", "text=x"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      'summarise.yaml: tools.0: no tool "word_count" was given to loadTask (given: none).',
      "  (the tools a task file names come from a module: --tools <module>)",
    ]);
  });
});
