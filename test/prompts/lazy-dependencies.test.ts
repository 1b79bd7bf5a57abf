import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const probe = fileURLToPath(new URL("./fixtures/modules-after-prompt.mjs", import.meta.url));

/** Modules a fresh Node process has loaded after importing alice-agents and rendering `content`. */
function modulesLoaded(content?: string): string[] {
  const args = ["--conditions=alice-source", probe, ...(content === undefined ? [] : [content])];
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

const from = (name: string) => (url: string) => url.includes(`/node_modules/${name}/`);

// Start-up time: Handlebars and yaml were a sixth of a program's cold start (bench/).
describe("Handlebars and yaml load only when needed", () => {
  it("importing alice-agents loads neither", () => {
    const loaded = modulesLoaded();
    expect(loaded.filter(from("handlebars"))).toEqual([]);
    expect(loaded.filter(from("yaml"))).toEqual([]);
  });

  it("a template of text and plain variables renders without Handlebars", () => {
    expect(modulesLoaded("Tell me about {{topic}}.").filter(from("handlebars"))).toEqual([]);
  });

  it("any other template loads Handlebars (so the checks above can fail)", () => {
    const loaded = modulesLoaded("{{#if topic}}Tell me about {{topic}}.{{/if}}");
    expect(loaded.filter(from("handlebars")).length).toBeGreaterThan(0);
  });
});
