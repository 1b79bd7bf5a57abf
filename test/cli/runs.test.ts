// `alice runs list|show|resume|prune` on a SQLite store that `alice run --store` filled: a
// completed run, a run paused at a checkpoint, and the sub-task runs of the workflow.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { olderThanTime } from "../../src/cli/runs-command.ts";
import { alice } from "./run-alice.ts";

let dir: string;
let store: string;
const runs = (...args: string[]) => alice(["runs", ...args, "--store", store]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alice-runs-"));
  store = join(dir, "runs.db");
  const summarised = await alice([
    "run",
    "summarise.yaml",
    "--tools",
    "tools.ts",
    "-i",
    "text=Tide pools hold small worlds.",
    "--mock",
    "summarise.mock.json",
    "--store",
    store,
    "--run-id",
    "sum-1",
  ]);
  expect(summarised.code).toBe(0);
  // Later, so it is the most recently updated.
  const paused = await alice([
    "run",
    "publish.yaml",
    "-i",
    "topic=tide pools",
    "--mock",
    "draft.mock.json",
    "--store",
    store,
    "--run-id",
    "pub-1",
  ]);
  expect(paused.code).toBe(3);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.concurrent("alice runs list", () => {
  it("prints a table of the runs, most recently updated first, without sub-task runs", async () => {
    const r = await runs("list");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("RUN ID  TASK       STATUS    NODES  UPDATED");
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines[1]).toMatch(/^pub-1 {3}editorial {2}pending {3}1 {6}(just now|\d+[smh] ago)$/);
    expect(lines[2]).toMatch(/^sum-1 {3}summarise {2}complete {2}3 {6}(just now|\d+[smh] ago)$/);
    expect(r.stderr).toBe("");
    // `alice runs` alone lists too.
    const ageless = (text: string) => text.replace(/(just now|\d+[smh] ago)$/gm, "");
    expect(ageless((await runs()).stdout)).toBe(ageless(r.stdout));
  });

  it("--all adds a workflow's sub-task runs, named by their task path", async () => {
    const r = await runs("list", "--all");
    expect(r.stdout).toMatch(/^pub-1\/0\.Draft\/0 +editorial › draft +complete +1 /m);
  });

  it("--json prints the runs for scripts: ids, status, node count, times, the pending question", async () => {
    const r = await runs("list", "--json");
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      runId: "pub-1",
      taskName: "editorial",
      taskPath: ["editorial"],
      status: "pending",
      nodes: 1,
      pending: {
        nodeName: "Publish",
        userPrompt: "Publish this draft?",
        options: { 0: "approve", 1: "reject" },
      },
    });
    expect(listed[1]).toMatchObject({ runId: "sum-1", status: "complete", nodes: 3 });
    expect(Date.parse(listed[1].updatedAt)).toBeLessThanOrEqual(Date.parse(listed[0].updatedAt));
  });

  it("filters by --task and --status; --limit says when there may be more", async () => {
    const [byTask, byStatus, limited, none, bad] = await Promise.all([
      runs("list", "--task", "summarise", "--json"),
      runs("list", "--status", "pending,failed", "--json"),
      runs("list", "--limit", "1"),
      runs("list", "--status", "failed"),
      runs("list", "--status", "done"),
    ]);
    expect(JSON.parse(byTask.stdout).map((r: { runId: string }) => r.runId)).toEqual(["sum-1"]);
    expect(JSON.parse(byStatus.stdout).map((r: { runId: string }) => r.runId)).toEqual(["pub-1"]);
    expect(limited.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(limited.errLines).toEqual(["(the 1 most recently updated; --limit n shows more)"]);
    expect(none.stdout).toBe(`no matching runs in ${store}\n`);
    expect(bad.code).toBe(2);
    expect(bad.errLines[0]).toBe(
      "alice runs list: --status done: expected one of running, pending, complete, failed, cancelled",
    );
  });

  it("a store file that does not exist is a usage error, and is not created (exit 2)", async () => {
    const missing = join(dir, "missing.db");
    const r = await alice(["runs", "list", "--store", missing]);
    expect(r.code).toBe(2);
    expect(r.errLines[0]).toBe(
      `alice runs list: no run store at ${missing} (--store): \`alice run <task-file> --store ${missing}\` stores runs there`,
    );
  });
});

describe.concurrent("alice runs show", () => {
  it("prints the status, the history with exit codes, the question and how to answer it", async () => {
    const r = await runs("show", "pub-1");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "run       pub-1",
      "task      editorial",
      "status    pending: waiting for an answer at Publish (version 3)",
    ]);
    expect(lines[4]).toBe('inputs    {"topic":"tide pools"}');
    expect(lines.slice(6, 9).map((l) => l.replace(/\d\d:\d\d:\d\d/, "hh:mm:ss"))).toEqual([
      "history",
      "  #  TIME      EVENT",
      "  1  hh:mm:ss  Draft: exit 0 (sub-task run pub-1/0.Draft/0)",
    ]);
    expect(lines[9]).toMatch(
      /^ {2}2 {2}\d\d:\d\d:\d\d {2}paused at Publish: Publish this draft\?$/,
    );
    expect(lines.slice(10)).toEqual([
      "",
      "waiting on editorial.Publish: Publish this draft?",
      "  0 = approve, 1 = reject; feedback requested",
      "",
      `answer with: alice resume pub-1 --option N [--feedback "…"] --task <task-file> --store ${store}`,
    ]);
  });

  it("shows a completed run's nodes in order and its output", async () => {
    const r = await runs("show", "sum-1");
    expect(r.stdout).toMatch(/status {4}complete \(version \d+\)/);
    const events = [...r.stdout.matchAll(/^ {2}\d+ {2}\d\d:\d\d:\d\d {2}(.*)$/gm)].map((m) => m[1]);
    expect(events).toEqual([
      "llm_generation: exit 2",
      "tool_call_execution: exit 0",
      "llm_generation: exit 0",
      "ended complete",
    ]);
    expect(r.stdout).toContain("output    Tide pools are small worlds.\n");
    expect(r.stdout).not.toContain("answer with");
  });

  it("--json prints the run, its nodes and history, and the pending question", async () => {
    const r = await runs("show", "pub-1", "--json");
    const shown = JSON.parse(r.stdout);
    expect(shown).toMatchObject({
      runId: "pub-1",
      status: "pending",
      inputs: { topic: "tide pools" },
      next: "Publish",
      nodes: [{ executionOrder: 0, nodeName: "Draft", exitCode: 0, subRuns: ["pub-1/0.Draft/0"] }],
      pending: { nodeName: "Publish", interaction: { userPrompt: "Publish this draft?" } },
    });
    expect(shown.history.map((e: { kind: string }) => e.kind)).toEqual(["node", "pause"]);
  });

  it("an unknown run id is RUN_NOT_FOUND (exit 2)", async () => {
    const r = await runs("show", "nobody");
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      `RUN_NOT_FOUND: No run "nobody" in ${store}: \`alice runs list --store ${store}\` lists the stored runs.`,
    ]);
  });
});

describe("alice runs resume and prune", () => {
  it("runs resume <runId> answers the paused run, as alice resume does", async () => {
    const r = await runs(
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
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Tide pools are small worlds at the sea's edge. (editor said: ship it)\n",
    );
    const shown = await runs("show", "pub-1");
    expect(shown.stdout).toMatch(
      /resumed with option 0 \(approve\), feedback "ship it" at Publish\n/,
    );
    expect(shown.stdout).toMatch(/Publish: exit 0 \(sub-task run pub-1\/1\.Publish\/0\)\n/);
    const missingTask = await runs("resume", "pub-1");
    expect(missingTask.code).toBe(2);
    expect(missingTask.errLines[0]).toMatch(/^alice runs resume: missing --task <task-file>/);
  });

  it("prune needs a policy, deletes finished runs, keeps the newest, and prints how many", async () => {
    const none = await runs("prune");
    expect(none.code).toBe(2);
    expect(none.errLines[0]).toBe(
      "alice runs prune: give --older-than <age> (e.g. 7d), --keep-last <n>, or both: which runs to delete",
    );
    // Nothing is a week old yet.
    const old = await runs("prune", "--older-than", "7d", "--json");
    expect(old.stdout).toBe('{"pruned":0}\n');
    // 4 runs: sum-1, pub-1 and its two sub-task runs, all finished; the newest is kept.
    const kept = await runs("prune", "--keep-last", "1");
    expect(kept.code).toBe(0);
    expect(kept.stdout).toBe(`pruned 3 finished runs (beyond the 1 most recent) from ${store}\n`);
    const left = JSON.parse((await runs("list", "--all", "--json")).stdout);
    expect(left.map((r: { runId: string }) => r.runId)).toEqual(["pub-1"]);
    const rest = await runs("prune", "--older-than", "0s", "--include-unfinished");
    expect(rest.stdout).toMatch(/^pruned 1 run \(not updated since \S+\) from /);
    expect((await runs("list")).stdout).toBe(`no runs in ${store}\n`);
  });

  it("--older-than takes an age or an ISO 8601 time", () => {
    const usage = (message: string) => new Error(message);
    const now = Date.parse("2026-12-06T12:00:00Z");
    expect(olderThanTime("7d", usage, now).toISOString()).toBe("2026-11-29T12:00:00.000Z");
    expect(olderThanTime("90s", usage, now).toISOString()).toBe("2026-12-06T11:58:30.000Z");
    expect(olderThanTime("2w", usage, now).toISOString()).toBe("2026-11-22T12:00:00.000Z");
    expect(olderThanTime("2026-01-01", usage, now).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(() => olderThanTime("soon", usage, now)).toThrow(/expected an age/);
  });
});
