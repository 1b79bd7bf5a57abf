// `--store` on `alice run` and `alice resume <runId>`: a run stored in a SQLite file (or on the
// PostgreSQL server at 127.0.0.1:5432), continued by its id after a pause or a Ctrl-C, and a
// connection string's password never printed.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/cli-error.ts";
import { main } from "../../src/cli/main.ts";
import { openRunStore, redactStoreUrl } from "../../src/cli/open-run-store.ts";
import { withBareStore } from "../../src/cli/store-flag.ts";
import {
  adminPool,
  dropSchemas,
  freshSchema,
  POSTGRES_TEST_URL,
  requirePostgres,
} from "../stores/postgres-test-server.ts";
import { alice, collect, FIXTURES, spawnAlice } from "./run-alice.ts";

const summarise = [
  "run",
  "summarise.yaml",
  "--tools",
  "tools.ts",
  "-i",
  "text=Tide pools hold small worlds.",
];
const publish = ["run", "publish.yaml", "-i", "topic=tide pools", "--mock", "draft.mock.json"];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alice-store-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `alice runs list --json` of a store. */
async function listed(store: string, env?: Record<string, string>) {
  const r = await alice(["runs", "list", "--json", ...(store === "" ? [] : ["--store", store])], {
    ...(env === undefined ? {} : { env }),
  });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { runId: string; status: string; nodes: number }[];
}

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** `main()` in this process, with `cwd` and a fake terminal when `answers` is given. */
async function inProcess(argv: string[], cwd: string, answers?: string) {
  const stdin = new PassThrough();
  stdin.end(answers ?? "");
  const stdout = new Capture();
  const stderr = new Capture();
  const isTTY = answers !== undefined;
  const code = await main(argv, { stdin, stdout, stderr, env: {}, isTTY, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe.concurrent("alice run --store", () => {
  it("stores the run in a SQLite file it creates, and says where (exit 0)", async () => {
    const store = join(dir, "new", "runs.db");
    const r = await alice([...summarise, "--mock", "summarise.mock.json", "--store", store]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Tide pools are small worlds.\n");
    const [run] = await listed(store);
    expect(run).toMatchObject({ status: "complete", nodes: 3 });
    expect(r.errLines.at(-1)).toBe(
      `alice: run ${run!.runId} is stored in ${store} (alice runs show ${run!.runId} --store ${store})`,
    );
  });

  it("takes the store from $ALICE_STORE, and the run's id from --run-id", async () => {
    const store = join(dir, "env.db");
    const env = { ALICE_STORE: store };
    const r = await alice([...summarise, "--mock", "summarise.mock.json", "--run-id", "sum-env"], {
      env,
    });
    expect(r.code).toBe(0);
    expect((await listed("", env)).map((run) => run.runId)).toEqual(["sum-env"]);
    // The hint does not repeat --store: the environment names the store again.
    expect(r.errLines.at(-1)).toBe(
      `alice: run sum-env is stored in ${store} (alice runs show sum-env)`,
    );
  });

  it("without --store or $ALICE_STORE runs in memory, as before; --run-id then is a usage error", async () => {
    const [plain, runId] = await Promise.all([
      alice([...summarise, "--mock", "summarise.mock.json"]),
      alice([...summarise, "--run-id", "x"]),
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain("stored");
    expect(existsSync(join(FIXTURES, ".alice"))).toBe(false);
    expect(runId.code).toBe(2);
    expect(runId.errLines[0]).toBe(
      "alice run: --run-id names a run in a store: add --store <path|postgres://…> (a bare --store is .alice/runs.db) or set ALICE_STORE",
    );
  });

  it("a bare --store is .alice/runs.db in the working directory", async () => {
    const cwd = await mkdtemp(join(dir, "bare-"));
    const r = await inProcess(
      [
        "run",
        join(FIXTURES, "summarise.yaml"),
        "--store",
        "--tools",
        join(FIXTURES, "tools.ts"),
        "-i",
        "text=x",
        "--mock",
        join(FIXTURES, "summarise.mock.json"),
        "--run-id",
        "bare-1",
      ],
      cwd,
    );
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, ".alice", "runs.db"))).toBe(true);
    expect(r.stderr).toContain("alice: run bare-1 is stored in .alice/runs.db");
    expect(withBareStore(["run", "t.yaml", "--store"])).toEqual([
      "run",
      "t.yaml",
      "--store=.alice/runs.db",
    ]);
    expect(withBareStore(["--store", "-i", "a=1", "--", "--store"])).toEqual([
      "--store=.alice/runs.db",
      "-i",
      "a=1",
      "--",
      "--store",
    ]);
    expect(withBareStore(["--store", "x.db"])).toEqual(["--store", "x.db"]);
  });

  it("a --run-id already stored is RUN_CONFLICT (exit 2); nothing runs", async () => {
    const store = join(dir, "conflict.db");
    const args = [...summarise, "--mock", "summarise.mock.json", "--store", store];
    expect((await alice([...args, "--run-id", "twice"])).code).toBe(0);
    const again = await alice([...args, "--run-id", "twice"]);
    expect(again.code).toBe(2);
    expect(again.errLines.at(-1)).toMatch(
      /^RUN_CONFLICT: Run "twice" of task "summarise" is already stored/,
    );
  });

  it("a store URL of another kind, or an empty --store, is a usage error (exit 2)", async () => {
    const [mysql, empty] = await Promise.all([
      alice([...summarise, "--store", "mysql://u:hunter22@db/app"]),
      alice([...summarise, "--store="]),
    ]);
    expect([mysql.code, empty.code]).toEqual([2, 2]);
    expect(mysql.errLines[0]).toBe(
      "alice run: --store: mysql://u:****@db/app is not a run store alice opens; give a SQLite file path or a postgres:// URL",
    );
    expect(empty.errLines[0]).toMatch(/^alice run: --store needs a SQLite file path/);
  });
});

describe("alice resume <runId>", () => {
  it("answers a run paused at a checkpoint: --option N with --task (exit 3, then 0)", async () => {
    const store = join(dir, "paused.db");
    const paused = await alice([...publish, "--store", store, "--run-id", "pub-1"]);
    expect(paused.code).toBe(3);
    expect(JSON.parse(paused.stdout)).toMatchObject({ runId: "pub-1", status: "pending" });
    expect(paused.errLines.at(-1)).toBe(
      `  run pub-1 is stored in ${store}; answer with: alice resume pub-1 --option N [--feedback "…"] --task publish.yaml --store ${store}  (0 = approve, 1 = reject)`,
    );

    const noTask = await alice(["resume", "pub-1", "--option", "0", "--store", store]);
    expect(noTask.code).toBe(2);
    expect(noTask.errLines[0]).toBe(
      'alice resume: missing --task <task-file>: run pub-1 is a run of task "editorial" (pending); alice resume loads only the task file (and the --tools module) named on its command line',
    );
    const badOption = await alice([
      "resume",
      "pub-1",
      "--option",
      "7",
      "--task",
      "publish.yaml",
      "--store",
      store,
    ]);
    expect(badOption.code).toBe(2);
    expect(badOption.errLines[0]).toBe(
      'alice resume: --option 7: "Publish this draft?" offers 0 = approve, 1 = reject',
    );

    const resumed = await alice([
      "resume",
      "pub-1",
      "--option",
      "0",
      "--feedback",
      "ship it",
      "--task",
      "publish.yaml",
      "--mock",
      "publish.mock.json",
      "--store",
      store,
    ]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe(
      "Tide pools are small worlds at the sea's edge. (editor said: ship it)\n",
    );
    expect((await listed(store))[0]).toMatchObject({
      runId: "pub-1",
      status: "complete",
      nodes: 2,
    });

    // Answered already: no question to answer; without --option its stored result, run again by nothing.
    const twice = await alice([
      "resume",
      "pub-1",
      "--option",
      "0",
      "--task",
      "publish.yaml",
      "--store",
      store,
    ]);
    expect(twice.code).toBe(2);
    expect(twice.errLines[0]).toMatch(
      /^alice resume: --option 0: run pub-1 is complete, not waiting for an answer/,
    );
    const done = await alice(["resume", "pub-1", "--task", "publish.yaml", "--store", store]);
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(
      "Tide pools are small worlds at the sea's edge. (editor said: ship it)\n",
    );
    expect(done.errLines[0]).toBe(
      "alice resume: note: run pub-1 is complete already; nothing runs again, this is its stored result",
    );
  });

  it("a saved pending response resumed with --store is stored, and resumed once only", async () => {
    const store = join(dir, "from-json.db");
    const paused = await alice(publish);
    expect(paused.code).toBe(3);
    const file = join(dir, "paused.json");
    await writeFile(file, paused.stdout);
    const resume = ["resume", file, "--option", "0", "--task", "publish.yaml", "--store", store];
    const first = await alice([...resume, "--mock", "publish.mock.json"]);
    expect(first.code).toBe(0);
    const runId = JSON.parse(paused.stdout).runId as string;
    expect((await listed(store))[0]).toMatchObject({ runId, status: "complete", nodes: 2 });
    const again = await alice(resume);
    expect(again.code).toBe(2);
    expect(again.errLines.at(-1)).toMatch(
      /^RUN_CONFLICT: Run "[^"]+" has moved on since this response was saved .*: it was resumed already\.$/,
    );
  });

  it("continues a run cancelled with Ctrl-C at the node it was at (exit 130, then 0)", async () => {
    const store = join(dir, "cancelled.db");
    const child = spawnAlice([
      ...summarise,
      "--mock",
      "slow.mock.json",
      "--verbose",
      "--store",
      store,
      "--run-id",
      "sum-cut",
    ]);
    const done = collect(child);
    await new Promise<void>((resolve) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        if (String(chunk).includes("→ summarise.llm_generation")) resolve();
      });
    });
    child.kill("SIGINT");
    const cut = await done;
    expect(cut.code).toBe(130);
    expect(cut.errLines.at(-1)).toBe(
      `  run sum-cut is stored in ${store}; continue it with: alice resume sum-cut --task summarise.yaml --tools tools.ts --store ${store}`,
    );
    const r = await alice([
      "resume",
      "sum-cut",
      "--task",
      "summarise.yaml",
      "--tools",
      "tools.ts",
      "--mock",
      "summarise.mock.json",
      "--store",
      store,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Tide pools are small worlds.\n");
    const shown = await alice(["runs", "show", "sum-cut", "--store", store]);
    expect(shown.stdout).toMatch(/resumed after a cancel at llm_generation\n/);
  });

  it("on a terminal, asks the question and resumes through the store", async () => {
    const store = join(dir, "terminal.db");
    const r = await inProcess(
      [
        "run",
        "publish.yaml",
        "-i",
        "topic=tide pools",
        "--mock",
        "editorial.mock.json",
        "--store",
        store,
        "--run-id",
        "tty-1",
      ],
      FIXTURES,
      "0\nship it\n",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Tide pools are small worlds at the sea's edge. (editor said: ship it)\n",
    );
    const shown = await alice(["runs", "show", "tty-1", "--json", "--store", store]);
    const details = JSON.parse(shown.stdout);
    expect(details.status).toBe("complete");
    expect(details.history.map((e: { kind: string }) => e.kind)).toEqual([
      "node",
      "pause",
      "resume",
      "node",
      "end",
    ]);
  });

  it("an unknown run id is RUN_NOT_FOUND (exit 2); a missing store file is a usage error", async () => {
    const store = join(dir, "paused.db");
    const [unknown, noStore, file] = await Promise.all([
      alice(["resume", "nobody", "--task", "publish.yaml", "--store", store]),
      alice(["resume", "nobody", "--task", "publish.yaml", "--store", join(dir, "none.db")]),
      alice(["resume", "nobody.json", "--option", "0", "--task", "publish.yaml"]),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.errLines).toEqual([
      `RUN_NOT_FOUND: No run "nobody" in ${store}: \`alice runs list --store ${store}\` lists the stored runs.`,
    ]);
    expect(noStore.code).toBe(2);
    expect(noStore.errLines[0]).toBe(
      `alice resume: no run store at ${join(dir, "none.db")} (--store): \`alice run <task-file> --store ${join(dir, "none.db")}\` stores runs there`,
    );
    expect(existsSync(join(dir, "none.db"))).toBe(false);
    // A name ending in .json is a response file, as before.
    expect(file.code).toBe(2);
    expect(file.errLines[0]).toMatch(/^alice resume: nobody\.json: cannot read it \(ENOENT/);
  });
});

describe("a PostgreSQL store", () => {
  const admin = adminPool();
  const schema = freshSchema();
  afterAll(async () => {
    await dropSchemas(admin, [schema]);
    await admin.end();
  });

  it("stores a run given a postgres:// URL ($ALICE_STORE_SCHEMA names the schema)", async () => {
    await requirePostgres(admin);
    const env = { ALICE_STORE_SCHEMA: schema };
    const r = await alice([...publish, "--store", POSTGRES_TEST_URL, "--run-id", "pg-1"], { env });
    expect(r.code).toBe(3);
    const where = `${POSTGRES_TEST_URL} (schema ${schema})`;
    expect(r.errLines.at(-1)).toContain(`run pg-1 is stored in ${where}; answer with:`);
    const list = await alice(["runs", "list", "--store", POSTGRES_TEST_URL], { env });
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[1]).toMatch(
      /^pg-1 +editorial +pending +1 +(just now|\d+[smh] ago)$/,
    );
    const rows = await admin.query(`SELECT run_id FROM "${schema}".runs ORDER BY run_id`);
    expect(rows.rows.map((row: { run_id: string }) => row.run_id)).toEqual([
      "pg-1",
      "pg-1/0.Draft/0",
    ]);
  });

  it("never prints a connection string's password (a server that does not answer: exit 1)", async () => {
    const password = "n0t-4-r3al-pa55word";
    const url = `postgres://alice:${password}@127.0.0.1:1/test?sslpassword=${password}x`;
    const [run, list, viaEnv] = await Promise.all([
      alice([...publish, "--store", url]),
      alice(["runs", "list", "--store", url]),
      alice(["runs", "show", "x"], { env: { ALICE_STORE: url } }),
    ]);
    for (const r of [run, list, viaEnv]) {
      expect(r.code).toBe(1);
      expect(r.errLines.at(-1)).toMatch(
        /^RUN_STORE_FAILED: PostgreSQL run store: cannot use the server at 127\.0\.0\.1:1\/test/,
      );
      expect(`${r.stdout}${r.stderr}`).not.toContain(password);
    }
    expect(redactStoreUrl(url)).toBe("postgres://alice:****@127.0.0.1:1/test?sslpassword=****");
  });

  it("without the pg package: CLI_STORE_INVALID, saying npm install pg", async () => {
    const missing = Object.assign(
      new Error("Cannot find package 'pg' imported from /app/node_modules/alice-agents/x.js"),
      { code: "ERR_MODULE_NOT_FOUND" },
    );
    const io = { cwd: dir, env: {} } as unknown as Parameters<typeof openRunStore>[1];
    const opened = openRunStore(
      { spec: "postgresql://u:secret-pw@db/app", from: "ALICE_STORE" },
      io,
      {
        create: false,
        command: "runs",
        importPostgres: () => Promise.reject(missing),
      },
    );
    await expect(opened).rejects.toThrow(CliError);
    await expect(opened).rejects.toMatchObject({
      code: "CLI_STORE_INVALID",
      message:
        "$ALICE_STORE names a PostgreSQL store (postgresql://u:****@db/app), which needs the pg package: npm install pg",
    });
  });
});
