// `npm run build` bundles each entry of package.json's "exports": an installed package must export
// what the sources do, load its lazy parts (Handlebars, the CLI's commands) from the bundle, and
// run its CLI. Built into a scratch copy of the package (types skipped: tsc has its own check).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  exports: Record<string, { "alice-source"?: string; default: string } | string>;
};
const entries = Object.entries(manifest.exports).flatMap(([subpath, target]) =>
  typeof target === "string" || target["alice-source"] === undefined
    ? []
    : [{ specifier: `alice-agents${subpath.slice(1)}`, source: target["alice-source"] }],
);

let pkg = "";

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: pkg, encoding: "utf8", timeout: 60_000 });
}

/** Runs an ES module inside the scratch package (so "alice-agents" resolves to its build). */
function runModule(code: string) {
  const file = join(pkg, `check-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  return node([file]);
}

beforeAll(() => {
  pkg = mkdtempSync(join(tmpdir(), "alice-build-"));
  writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest));
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"), "dir");
  const built = spawnSync(
    process.execPath,
    [join(ROOT, "scripts", "build.ts"), "--outdir", join(pkg, "dist"), "--no-types"],
    { encoding: "utf8", timeout: 60_000 },
  );
  expect(built.stderr).toBe("");
  expect(built.status).toBe(0);
}, 60_000);

afterAll(() => {
  if (pkg !== "") rmSync(pkg, { recursive: true, force: true });
});

it.each(entries)("$specifier exports from its bundle what $source exports", async (entry) => {
  const source = Object.keys(await import(join(ROOT, entry.source))).sort();
  const printed = runModule(
    `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(entry.specifier)})).sort()));`,
  );
  expect(printed.stderr).toBe("");
  expect(JSON.parse(printed.stdout)).toEqual(source);
});

it("runs a task and renders a Handlebars prompt from the bundle", () => {
  const printed = runModule(`
    import { AliceTask, Prompt } from "alice-agents";
    class Greet extends AliceTask {
      constructor() {
        super({ taskName: "greet", startNode: "hello", nodeEndCodeRouting: { hello: { 0: [null, false] } } });
      }
      execute_hello(ctx) { return { exitCode: 0, output: "hello " + ctx.inputs.name }; }
    }
    const response = await new Greet().run({ name: "Ada" });
    const prompt = new Prompt({ name: "p", content: "{{#each items}}[{{this}}]{{/each}}" });
    console.log(JSON.stringify([response.status, response.taskOutputs, prompt.renderUnchecked({ items: [1, 2] })]));
  `);
  expect(printed.stderr).toBe("");
  expect(JSON.parse(printed.stdout)).toEqual(["complete", "hello Ada", "[1][2]"]);
});

it("runs the built CLI: its version, and a command loaded on demand", () => {
  const version = node([join(pkg, "dist", "cli", "bin.js"), "--version"]);
  expect(version.stdout.trim()).toBe(manifest.version);
  const help = node([join(pkg, "dist", "cli", "bin.js"), "graph", "--help"]);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain("alice graph");
});
