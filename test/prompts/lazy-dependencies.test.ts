import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
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

const compiler = (url: string) =>
  /handlebars\/(runtime|compiler\/javascript-compiler)\.js$/.test(url);

// Start-up time: Handlebars and yaml were a sixth of a program's cold start (bench/).
describe("Handlebars and yaml load only when needed", () => {
  it("importing alice-agents loads neither", () => {
    const loaded = modulesLoaded();
    expect(loaded.filter(from("handlebars"))).toEqual([]);
    expect(loaded.filter(from("yaml"))).toEqual([]);
  });

  it("a template of text and plain variables is parsed by Handlebars' parser, and renders without its compiler and runtime", () => {
    const loaded = modulesLoaded("Tell me about {{topic}}.").filter(from("handlebars"));
    expect(loaded.some((url) => url.endsWith("/compiler/parser.js"))).toBe(true);
    expect(loaded.filter(compiler)).toEqual([]);
  });

  it("any other template loads the compiler and runtime (so the check above can fail)", () => {
    const loaded = modulesLoaded("{{#if topic}}Tell me about {{topic}}.{{/if}}");
    expect(loaded.filter(compiler).length).toBe(2);
  });

  it("the parser loaded alone is the one every Handlebars instance uses", () => {
    const parser = createRequire(import.meta.url)(
      "handlebars/dist/cjs/handlebars/compiler/base.js",
    );
    expect(parser.parse).toBe(Handlebars.parse);
    expect(parser.parse).toBe(Handlebars.create().parse);
  });
});
