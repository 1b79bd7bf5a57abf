// `npm run bench:engine` and `bench:prompts` run files under bench/, whose own package.json hides
// the root package's name: without bench/'s install, "alice-agents" is not found there.
// scripts/resolve-self.ts resolves it to this checkout, as from the package's own files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const HOOK = join(ROOT, "scripts", "resolve-self.ts");

/** A script in a folder with its own package.json, as bench/'s scripts are. */
let script = "";

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "alice-resolve-self-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "elsewhere", type: "module" }));
  script = join(dir, "uses-alice.ts");
  writeFileSync(
    script,
    `import { AliceTask } from "alice-agents";
     import { mockOpenAI } from "alice-agents/testing";
     console.log(JSON.stringify([import.meta.resolve("alice-agents"), typeof AliceTask, typeof mockOpenAI]));`,
  );
});

afterAll(() => {
  if (script !== "") rmSync(resolve(script, ".."), { recursive: true, force: true });
});

function runScript(nodeArgs: string[]) {
  return spawnSync(process.execPath, [...nodeArgs, script], { encoding: "utf8", timeout: 30_000 });
}

it("resolves alice-agents and its subpaths to this checkout's sources from another package", () => {
  const ran = runScript(["--import", HOOK, "--conditions=alice-source"]);
  expect(ran.stderr).toBe("");
  expect(JSON.parse(ran.stdout)).toEqual([
    pathToFileURL(join(ROOT, "src", "index.ts")).href,
    "function",
    "function",
  ]);
});

it("is what makes the import work: without it the name is not found", () => {
  const ran = runScript(["--conditions=alice-source"]);
  expect(ran.status).not.toBe(0);
  expect(ran.stderr).toContain("ERR_MODULE_NOT_FOUND");
});
