// The import check CI runs on src/: run as a script on scratch trees, it fails with a readable
// list on a cycle, on an import up the layers and on a sibling import not allowed, and passes a
// tree that keeps the layers.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, expect, it } from "vitest";
import { checkImports } from "../../scripts/check-imports.ts";

const SCRIPT = resolve(import.meta.dirname, "../../scripts/check-imports.ts");

let scratch = "";

afterEach(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
  scratch = "";
});

/** Writes the files (paths under the project root) and returns the scratch src/ folder. */
function tree(files: Record<string, string>): string {
  scratch = mkdtempSync(join(tmpdir(), "alice-imports-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  return join(scratch, "src");
}

function runScript(srcDir: string) {
  const result = spawnSync(process.execPath, [SCRIPT, srcDir], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A tree that keeps the layers, one file per folder plus the root entry. */
const CLEAN = {
  "src/errors/alice-error.ts": "export class AliceError extends Error {}\n",
  "src/messages/message.ts":
    'import { AliceError } from "../errors/alice-error.ts";\nexport const m = AliceError;\n',
  "src/schema/function-parameters.ts":
    'import type { m } from "../messages/message.ts";\nexport type F = typeof m;\n',
  "src/tools/define-tool.ts":
    'import type { F } from "../schema/function-parameters.ts";\nexport type T = F;\n',
  "src/prompts/prompt.ts":
    'import type { F } from "../schema/function-parameters.ts";\nexport type P = F;\n',
  "src/engine/run-loop.ts":
    'export * from "../tools/define-tool.ts";\n// import { x } from "../agents/agent.ts";\nexport const s = "../cli/main.ts";\n',
  "src/agents/agent.ts": 'import "../engine/run-loop.ts";\n',
  "src/cli/main.ts": 'export const load = () => import("../agents/agent.ts");\n',
  "src/index.ts": 'export * from "./cli/main.ts";\nexport * from "./errors/alice-error.ts";\n',
};

it("passes a tree whose imports keep the layers (a path in a comment or a string is no import)", () => {
  const { status, stdout, stderr } = runScript(tree(CLEAN));
  expect(stderr).toBe("");
  expect(stdout).toBe("check-imports: 9 files, 9 imports: no cycle, none up the layers.\n");
  expect(status).toBe(0);
});

it("fails on an import cycle and prints it file by file, type-only imports included", () => {
  const { status, stdout, stderr } = runScript(
    tree({
      ...CLEAN,
      "src/engine/alice-task.ts":
        'import { runTask } from "./run-task.ts";\nexport class AliceTask {}\n',
      "src/engine/run-task.ts":
        'import { ctx } from "./node-context.ts";\nexport const runTask = ctx;\n',
      "src/engine/node-context.ts":
        'import type { AliceTask } from "./alice-task.ts";\nexport const ctx = (t: AliceTask) => t;\n',
    }),
  );
  expect(stdout).toBe("");
  expect(stderr).toContain("check-imports: 1 problem(s)");
  expect(stderr).toContain(
    "  import cycle: src/engine/alice-task.ts → src/engine/run-task.ts → src/engine/node-context.ts → src/engine/alice-task.ts\n",
  );
  expect(status).toBe(1);
});

it("fails on an import up the layers, naming the file, the line and the two layers", () => {
  const { status, stderr } = runScript(
    tree({
      ...CLEAN,
      "src/providers/model.ts":
        '// a model\nimport type { AliceTask } from "../engine/alice-task.ts";\nexport type M = AliceTask;\n',
      "src/engine/alice-task.ts": "export class AliceTask {}\n",
      "src/errors/describe.ts": 'export const load = () => import("../index.ts");\n',
    }),
  );
  expect(stderr).toContain(
    "  src/providers/model.ts:2 imports types from src/engine/alice-task.ts: providers may not import engine, a layer above it\n",
  );
  expect(stderr).toContain(
    "  src/errors/describe.ts:1 imports src/index.ts: errors may not import index.ts, a layer above it\n",
  );
  expect(stderr).toContain("check-imports: 2 problem(s)");
  expect(status).toBe(1);
});

it("allows the listed sibling imports only", () => {
  const { problems } = checkImports(
    tree({
      ...CLEAN,
      "src/testing/mock.ts": 'import "../providers/sleep.ts";\n',
      "src/providers/sleep.ts": "export const sleep = 1;\n",
      "src/prompts/check.ts":
        'import type { T } from "../tools/define-tool.ts";\nexport type C = T;\n',
      "src/tools/render.ts": 'import type { P } from "../prompts/prompt.ts";\nexport type R = P;\n',
    }),
  );
  expect(problems).toEqual([
    "src/prompts/check.ts:1 imports types from src/tools/define-tool.ts: prompts may not import tools, a sibling in the same layer (allowed: testing → providers)",
    "src/tools/render.ts:1 imports types from src/prompts/prompt.ts: tools may not import prompts, a sibling in the same layer (allowed: testing → providers)",
  ]);
});

it("keeps the schema layer below tools, prompts and providers", () => {
  const { problems } = checkImports(
    tree({
      ...CLEAN,
      "src/schema/validate.ts":
        'import type { T } from "../tools/define-tool.ts";\nexport type V = T;\n',
    }),
  );
  expect(problems).toContain(
    "src/schema/validate.ts:1 imports types from src/tools/define-tool.ts: schema may not import tools, a layer above it",
  );
});

it("lists each import of a tangle on its shortest cycle, once", () => {
  const { problems } = checkImports(
    tree({
      ...CLEAN,
      "src/engine/a.ts": 'import "./b.ts";\nimport "./c.ts";\n',
      "src/engine/b.ts": 'import "./a.ts";\n',
      "src/engine/c.ts": 'import "./b.ts";\n',
    }),
  );
  expect(problems).toEqual([
    "import cycle: src/engine/a.ts → src/engine/b.ts → src/engine/a.ts",
    "import cycle: src/engine/a.ts → src/engine/c.ts → src/engine/b.ts → src/engine/a.ts",
  ]);
});

it("follows the package's own name through package.json and names a folder in no layer", () => {
  const { problems } = checkImports(
    tree({
      ...CLEAN,
      "package.json": JSON.stringify({
        name: "alice-agents",
        exports: { "./testing": { "alice-source": "./src/testing/index.ts" } },
      }),
      "src/testing/index.ts": "export const mock = 1;\n",
      "src/messages/usage.ts":
        'import { mock } from "alice-agents/testing";\nexport const u = mock;\n',
      "src/queues/memory.ts": "export const store = 1;\n",
    }),
  );
  expect(problems).toEqual([
    "src/queues/memory.ts is in no layer: add its folder to LAYERS in scripts/check-imports.ts",
    "src/messages/usage.ts:1 imports src/testing/index.ts: messages may not import testing, a layer above it",
  ]);
});
