// What `npm pack` ships is what a user installs: the build (made by the prepack script), the CLI
// and the declarations, and no tests. The tarball is unpacked into a scratch app the way npm
// installs it; the app imports every entry, runs a task against the mock model, runs `alice`, and
// type-checks its code against the shipped .d.ts with skipLibCheck off. The package is packed
// from a scratch copy of this checkout, so the repo's own dist/ is never written (bin/alice.js
// would run it instead of the sources). Dependencies are linked from this repo's node_modules:
// no network, and the versions the lock file pins.
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, resolve, sep } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
/** Not copied: installs, builds and git's own files (the pack must build dist/ itself). */
const NOT_COPIED = new Set([".git", "node_modules", "dist", "coverage"]);

interface Manifest {
  name: string;
  version: string;
  exports: Record<string, { types: string; default: string } | string>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

let work = "";
let pkg = "";
let app = "";
let shipped: Manifest;
let files: string[] = [];

/** The pinned Node first on PATH: npm's scripts and `#!/usr/bin/env node` run on it. */
const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
};

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, { env, encoding: "utf8", timeout: 150_000, ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Links node_modules/<name> in the app to this repo's install of it. */
function linkFromRepo(name: string) {
  const link = join(app, "node_modules", name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join(ROOT, "node_modules", name), link, "dir");
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "alice-pack-"));
  pkg = join(work, "pkg");
  cpSync(ROOT, pkg, {
    recursive: true,
    filter: (source) =>
      !relative(ROOT, source)
        .split(sep)
        .some((part) => NOT_COPIED.has(part)),
  });
  symlinkSync(join(ROOT, "node_modules"), join(pkg, "node_modules"), "dir");

  const packed = run("npm", ["pack", "--json", "--pack-destination", work], { cwd: pkg });
  expect(packed.status, `${packed.stdout}\n${packed.stderr}`).toBe(0);
  const [report] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  files = report.files.map((file) => file.path);

  // Unpacked, its dependencies and peers beside it and its bin linked, as `npm install` leaves it.
  app = join(work, "app");
  const installed = join(app, "node_modules", "alice-agents");
  mkdirSync(installed, { recursive: true });
  const tarball = join(work, report.filename);
  const unpacked = run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  expect(unpacked.stderr).toBe("");
  shipped = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as Manifest;
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module" }),
  );
  for (const name of Object.keys({ ...shipped.dependencies, ...shipped.peerDependencies })) {
    linkFromRepo(name);
  }
  linkFromRepo("@types/node");
  mkdirSync(join(app, "node_modules", ".bin"));
  for (const [name, target] of Object.entries(shipped.bin)) {
    chmodSync(join(installed, target), 0o755);
    symlinkSync(join("..", "alice-agents", target), join(app, "node_modules", ".bin", name));
  }
  writeFileSync(join(app, "first-run.ts"), FIRST_RUN);
  writeFileSync(join(app, "types.ts"), TYPES);
}, 180_000);

afterAll(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

it("ships every entry's build and declarations, the CLI and the sources, and no tests", () => {
  const targets = Object.values(shipped.exports).flatMap((target) =>
    typeof target === "string" ? [target] : [target.types, target.default],
  );
  for (const target of [...targets, ...Object.values(shipped.bin), "dist/cli/bin.js"]) {
    expect(files).toContain(target.replace(/^\.\//, ""));
  }
  const unexpected = files.filter(
    (path) => !/^(bin|dist|src)\//.test(path) && !/^(package\.json|README\.md|LICENSE)/.test(path),
  );
  expect(unexpected).toEqual([]);
  expect(files.filter((path) => /\.test(-d)?\.ts$/.test(path))).toEqual([]);
  // postpack removes the build: in a checkout, bin/alice.js runs dist/ when there is one.
  expect(existsSync(join(pkg, "dist"))).toBe(false);
});

it("imports every entry point and runs an agent against the mock model", () => {
  const result = run(process.execPath, ["first-run.ts"], { cwd: app });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    entries: [
      "alice-agents",
      "alice-agents/anthropic",
      "alice-agents/openai",
      "alice-agents/postgres",
      "alice-agents/testing",
    ],
    status: "complete",
    output: "The answer is 5",
    rendered: "Hello Ada",
  });
});

it("runs the installed alice command", () => {
  const alice = join(app, "node_modules", ".bin", "alice");
  const version = run(alice, ["--version"], { cwd: app });
  expect(version.stderr).toBe("");
  expect(version.stdout.trim()).toBe(shipped.version);
  const help = run(alice, ["--help"], { cwd: app });
  expect(help.status).toBe(0);
  expect(help.stdout).toContain("alice run <task-file>");
});

it("type-checks against the shipped declarations with skipLibCheck off", () => {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const flags = ["--strict", "--moduleResolution", "nodenext", "--module", "nodenext"];
  const checked = run(
    process.execPath,
    [tsc, ...flags, "--skipLibCheck", "false", "--noEmit", "types.ts"],
    { cwd: app },
  );
  expect(checked.stdout).toBe("");
  expect(checked.status).toBe(0);
}, 150_000);

/** A user's first script: every entry, an agent run offline against the mock model. Node runs it. */
const FIRST_RUN = `
import * as core from "alice-agents";
import { AliceAgent, defineTool, Prompt, PromptAgentTask } from "alice-agents";
import * as anthropicEntry from "alice-agents/anthropic";
import * as openaiEntry from "alice-agents/openai";
import { createOpenAI } from "alice-agents/openai";
import * as postgresEntry from "alice-agents/postgres";
import * as testingEntry from "alice-agents/testing";
import { mockOpenAI } from "alice-agents/testing";
import { setupServer } from "msw/node";
import { z } from "zod";

const entries = Object.entries({
  "alice-agents": core,
  "alice-agents/anthropic": anthropicEntry,
  "alice-agents/openai": openaiEntry,
  "alice-agents/postgres": postgresEntry,
  "alice-agents/testing": testingEntry,
}).flatMap(([name, module]) => (Object.keys(module).length > 0 ? [name] : []));

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});
const task = new PromptAgentTask({
  taskName: "calculator",
  agent: new AliceAgent({
    name: "calc",
    systemMessage: "You add numbers with the add tool.",
    model: createOpenAI({ apiKey: "test-key" })("gpt-4o-mini"),
  }),
  templates: { task_template: "{{question}}" },
  tools: [add],
});
const llm = mockOpenAI([
  { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] },
  { text: "The answer is 5" },
]);
const server = setupServer(...llm.handlers);
server.listen({ onUnhandledFrame: "error" });
const response = await task.run({ question: "What is 2 + 3?" });
server.close();
llm.assertComplete();

const rendered = new Prompt({ name: "hello", content: "Hello {{name}}" }).renderUnchecked({ name: "Ada" });
console.log(JSON.stringify({ entries, status: response.status, output: response.taskOutputs, rendered }));
`;

/**
 * Public types from every entry, for tsc. msw/node is left out: checking its declarations
 * (skipLibCheck off) doubles tsc's time and says nothing about this package's.
 */
const TYPES = `
import { AliceAgent, defineTool, PromptAgentTask, type TaskResponse } from "alice-agents";
import { type AnthropicProvider, createAnthropic } from "alice-agents/anthropic";
import { createOpenAI, type OpenAIProviderOptions } from "alice-agents/openai";
import {
  createPostgresRunStore,
  type PostgresPool,
  type PostgresRunStore,
} from "alice-agents/postgres";
import { type MockLLM, type MockTurn, mockOpenAI } from "alice-agents/testing";
import { z } from "zod";

// @ts-expect-error: the declarations are real types, not any.
export const wrong: OpenAIProviderOptions = { apiKey: 42 };
export const claude: AnthropicProvider = createAnthropic({ apiKey: "test-key" });
// Its declarations need no @types/pg (not installed here): the pool is typed by what it uses.
export const store: PostgresRunStore = createPostgresRunStore({
  connectionString: "postgres://app@localhost:5432/app",
  schema: "alice",
});
// @ts-expect-error: a connection string or a pool, not both.
createPostgresRunStore({ connectionString: "postgres://localhost/app", pool: {} as PostgresPool });

const add = defineTool({
  name: "add",
  description: "Adds two numbers.",
  input: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});
const task = new PromptAgentTask({
  taskName: "calculator",
  agent: new AliceAgent({ name: "calc", model: createOpenAI({ apiKey: "test-key" })("gpt-4o-mini") }),
  templates: { task_template: "{{question}}" },
  tools: [add],
});
const turns: MockTurn[] = [{ text: "The answer is 5" }];
export const llm: MockLLM = mockOpenAI(turns);
export const response: Promise<TaskResponse> = task.run({ question: "What is 2 + 3?" });
`;
