// `alice resume` reads a file anyone may have edited: it imports no module and loads no task
// file that the file names (only the command line's), and with --integrity-key-env it refuses
// any change before it loads anything.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alice, FIXTURES } from "./run-alice.ts";

const KEY_ENV = { ALICE_TEST_KEY: "k".repeat(32) };
const publish = ["run", "publish.yaml", "--input", "topic=tide pools", "--mock", "draft.mock.json"];
let dir: string;
let paused: string;
let signed: string;
let evil: string;
let marker: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "alice-trust-"));
  // A module that leaves a mark when imported, as code an attacker slipped in would.
  evil = join(dir, "evil-tools.mjs");
  marker = join(dir, "imported.marker");
  await writeFile(
    evil,
    `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "imported");\nexport default {};\n`,
  );
  const [plain, withKey] = await Promise.all([
    alice(publish),
    alice([...publish, "--integrity-key-env", "ALICE_TEST_KEY"], { env: KEY_ENV }),
  ]);
  expect([plain.code, withKey.code]).toEqual([3, 3]);
  paused = join(dir, "paused.json");
  signed = join(dir, "signed.json");
  await writeFile(paused, plain.stdout);
  await writeFile(signed, withKey.stdout);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The parts of a saved response the tests edit. */
interface Saved {
  alice: Record<string, string>;
  nodeReferences: { output?: unknown }[];
}

/** Writes an edited copy of a saved response and returns its path. */
async function edited(from: string, name: string, edit: (r: Saved) => void) {
  const response = JSON.parse(await readFile(from, "utf8"));
  edit(response);
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(response, null, 2));
  return path;
}

describe("alice resume loads nothing a response file names", () => {
  it("a module named in alice.tools is never imported; the command says what to pass (exit 2)", async () => {
    const file = await edited(paused, "evil.json", (r) => {
      r.alice.tools = evil;
    });
    const r = await alice(["resume", file, "--option", "0"]);
    expect(r.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
    expect(r.errLines).toEqual([
      `alice resume: missing --task <task-file> and --tools <module>: alice resume loads only the task file and the tools module named on its command line, never the ones a response file names. ${file} was paused with task file ${join(FIXTURES, "publish.yaml")} and tools ${evil}: if you trust them, resume with`,
      `  alice resume ${file} --option 0 --task publish.yaml --tools ${evil}`,
      "  (see alice resume --help)",
    ]);

    // --task alone is not enough when the run had tools: still nothing imported.
    const taskOnly = await alice(["resume", file, "--option", "0", "--task", "publish.yaml"]);
    expect(taskOnly.code).toBe(2);
    expect(taskOnly.errLines[0]).toMatch(/^alice resume: missing --tools <module>: /);
    expect(existsSync(marker)).toBe(false);

    // With both on the command line, the file's module is only mentioned.
    const given = await alice([
      ...["resume", file, "--option", "0", "--task", "publish.yaml", "--tools", "tools.ts"],
      ...["--mock", "publish.mock.json"],
    ]);
    expect(given.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(given.errLines[0]).toBe(
      `alice resume: note: ${file} was paused with --tools ${evil}; resuming with ${join(FIXTURES, "tools.ts")}`,
    );
  });

  it("the task file named in alice.taskFile is not loaded: --task is required", async () => {
    const file = await edited(paused, "elsewhere.json", (r) => {
      r.alice.taskFile = join(dir, "attacker.yaml");
    });
    const r = await alice(["resume", file, "--option", "0"]);
    expect(r.code).toBe(2);
    expect(r.errLines[0]).toContain(`was paused with task file ${join(dir, "attacker.yaml")}`);
    expect(r.errLines[1]).toBe(
      `  alice resume ${file} --option 0 --task ${join(dir, "attacker.yaml")}`,
    );
  });
});

describe("alice resume --integrity-key-env", () => {
  it("alice run signs the pending response and names the variable in its hint", async () => {
    const response = JSON.parse(await readFile(signed, "utf8"));
    expect(response.integrity).toMatch(/^[\w-]{43}$/);
    expect(response.alice.integrityKeyEnv).toBe("ALICE_TEST_KEY");
    const r = await alice([...publish, "--integrity-key-env", "ALICE_TEST_KEY"], { env: KEY_ENV });
    expect(r.errLines.at(-1)).toContain(
      '--option N [--feedback "…"] --task publish.yaml --integrity-key-env ALICE_TEST_KEY  (0 = approve, 1 = reject)',
    );
  });

  it("resumes a signed response with the key", async () => {
    const r = await alice(
      [
        ...["resume", signed, "--option", "0", "--feedback", "ship it", "--task", "publish.yaml"],
        ...["--integrity-key-env", "ALICE_TEST_KEY", "--mock", "publish.mock.json"],
      ],
      { env: KEY_ENV },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Tide pools are small worlds at the sea's edge. (editor said: ship it)\n",
    );
  });

  it("refuses a changed response before it loads anything, even the command line's --tools (exit 2)", async () => {
    const file = await edited(signed, "changed.json", (r) => {
      r.nodeReferences[0]!.output = "A draft the reviewer never saw.";
    });
    const r = await alice(
      [
        ...["resume", file, "--option", "0", "--task", "publish.yaml", "--tools", evil],
        ...["--integrity-key-env", "ALICE_TEST_KEY"],
      ],
      { env: KEY_ENV },
    );
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      'RESUME_INVALID: Cannot resume task "editorial": the response was changed after it was signed, or not signed with this integrityKey (its "integrity" field does not match). Nothing was resumed.',
    ]);
    expect(existsSync(marker)).toBe(false);
    const unsigned = await alice(
      [
        ...["resume", paused, "--option", "0", "--task", "publish.yaml"],
        ...["--integrity-key-env", "ALICE_TEST_KEY"],
      ],
      { env: KEY_ENV },
    );
    expect(unsigned.code).toBe(2);
    expect(unsigned.errLines[0]).toMatch(/^RESUME_INVALID: .*the response is not signed/);
  });

  it("a variable that is unset or too short is a usage error; a signed file resumed without a key gets a note", async () => {
    const [unset, short, unchecked] = await Promise.all([
      alice([
        "resume",
        signed,
        "--option",
        "1",
        "--task",
        "publish.yaml",
        "--integrity-key-env",
        "NOPE",
      ]),
      alice(
        ["resume", signed, "--option", "1", "--task", "publish.yaml", "--integrity-key-env", "K"],
        { env: { K: "short" } },
      ),
      alice(["resume", signed, "--option", "1", "--task", "publish.yaml"]),
    ]);
    expect(unset.code).toBe(2);
    expect(unset.errLines[0]).toMatch(
      /^alice resume: --integrity-key-env NOPE: the environment variable NOPE is not set/,
    );
    expect(short.code).toBe(2);
    expect(short.errLines[0]).toMatch(/the key in K is shorter than 32 bytes/);
    expect(unchecked.code).toBe(4); // "reject" ends the run
    expect(unchecked.errLines[0]).toBe(
      `alice resume: note: ${signed} is signed ("integrity"), but its signature is not checked without --integrity-key-env ALICE_TEST_KEY`,
    );
  });
});
