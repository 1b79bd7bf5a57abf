import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alice, FIXTURES } from "./run-alice.ts";

const publish = ["run", "publish.yaml", "--input", "topic=tide pools"];
let dir: string;
let paused: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alice-cli-"));
  const r = await alice([...publish, "--mock", "draft.mock.json"]);
  paused = join(dir, "paused.json");
  await writeFile(paused, r.stdout);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a checkpoint without a terminal", () => {
  it("prints the pending response with an alice field and exits 3", async () => {
    const r = await alice([...publish, "--mock", "draft.mock.json"]);
    expect(r.code).toBe(3);
    const pending = JSON.parse(r.stdout);
    expect(pending).toMatchObject({
      status: "pending",
      taskName: "editorial",
      pending: { nodeName: "Publish", interaction: { userPrompt: "Publish this draft?" } },
      alice: { taskFile: join(FIXTURES, "publish.yaml") },
    });
    expect(r.errLines.slice(1)).toEqual([
      "alice: paused at editorial.Publish: Publish this draft?",
      '  the pending response is on stdout; save it and answer with: alice resume <file> --option N [--feedback "…"] --task publish.yaml  (0 = approve, 1 = reject)',
    ]);
  });
});

describe.concurrent("alice resume", () => {
  it("continues from the saved JSON to completion with the answer (exit 0)", async () => {
    const r = await alice([
      "resume",
      paused,
      "--option",
      "0",
      "--feedback",
      "ship it",
      "--task",
      "publish.yaml",
      "--mock",
      "publish.mock.json",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Tide pools are small worlds at the sea's edge. (editor said: ship it)\n",
    );
  });

  it("reads the response from stdin with -", async () => {
    const r = await alice(
      [
        "resume",
        "-",
        "--option",
        "0",
        "--task",
        "publish.yaml",
        "--mock",
        "publish.mock.json",
        "--json",
      ],
      {
        input: JSON.stringify({ ...JSON.parse(await readFile(paused, "utf8")) }),
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).userInteractions[0].response).toEqual({ selectedOption: 0 });
  });

  it("a rejecting option ends the run cancelled (exit 4)", async () => {
    const r = await alice(["resume", paused, "--option", "1", "--task", "publish.yaml"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.errLines).toEqual([
      'CHECKPOINT_CANCELLED: The user chose "reject" at the checkpoint before node "Publish" of task "editorial", which ends the run.',
    ]);
  });

  it("an option the checkpoint does not offer is refused (exit 2)", async () => {
    const r = await alice(["resume", paused, "--option", "7", "--task", "publish.yaml"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      'RESUME_INVALID: Cannot resume task "editorial": option 7 is not one of 0 (approve), 1 (reject).',
    ]);
  });

  it("refuses a resume file that is not JSON, has no task file, or a missing --option (exit 2)", async () => {
    const noTask = join(dir, "no-task.json");
    const { alice: _, ...bare } = JSON.parse(await readFile(paused, "utf8"));
    await writeFile(noTask, JSON.stringify(bare));
    const [notJson, missingTask, noOption, withTask] = await Promise.all([
      alice(["resume", "publish.yaml", "--option", "0"]),
      alice(["resume", noTask, "--option", "1"]),
      alice(["resume", paused]),
      alice(["resume", noTask, "--option", "1", "--task", "publish.yaml"]),
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.errLines[0]).toMatch(/^alice resume: publish\.yaml: not JSON/);
    expect(missingTask.code).toBe(2);
    expect(missingTask.errLines[0]).toBe(
      `alice resume: missing --task <task-file>: alice resume loads only the task file and the tools module named on its command line, never the ones a response file names (and ${noTask} names none)`,
    );
    expect(noOption.code).toBe(2);
    expect(noOption.errLines[0]).toBe("alice resume: missing --option N (the option chosen)");
    expect(withTask.code).toBe(4);
  });
});
