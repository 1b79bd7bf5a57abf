// The terminal path of a checkpoint, through main() in this process with a fake terminal: the
// question is asked on stderr, the answer read from stdin, and the run resumed in-process.
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { FIXTURES } from "./run-alice.ts";

class Capture extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function onTerminal(argv: string[], answers: string, stdoutIsTTY = false) {
  const stdin = new PassThrough();
  stdin.end(answers);
  const stdout = new Capture();
  stdout.isTTY = stdoutIsTTY;
  const stderr = new Capture();
  const code = await main(argv, { stdin, stdout, stderr, env: {}, isTTY: true, cwd: FIXTURES });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const publish = ["run", "publish.yaml", "-i", "topic=tide pools", "--mock", "editorial.mock.json"];

describe("a checkpoint on a terminal", () => {
  it("asks the question, reads the option and the feedback, and resumes to completion", async () => {
    const r = await onTerminal(publish, "0\nship it\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Tide pools are small worlds at the sea's edge. (editor said: ship it)\n",
    );
    expect(r.stderr).toContain(
      [
        "→ editorial.Draft",
        "  → draft.llm_generation",
        "  = Draft: Success (exit 0) → Publish",
        "",
        "? Publish this draft?  (editorial.Publish)",
        "  0) approve",
        "  1) reject",
        "Option [0, 1]: Feedback (Enter for none): → editorial.Publish",
        "  → publish.llm_generation",
        "  = Publish: Success (exit 0) → end",
      ].join("\n"),
    );
  });

  it("asks again after an answer that is not an option, and takes a label", async () => {
    const r = await onTerminal(publish, "9\nreject\n\n");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("Option [0, 1]:   Please answer one of 0, 1.\nOption [0, 1]: ");
    expect(r.stderr).toContain('CHECKPOINT_CANCELLED: The user chose "reject"');
    expect(r.stdout).toBe("");
  });

  it("prints the pending response (exit 3) when stdin ends before an answer", async () => {
    const r = await onTerminal(publish, "");
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: "pending",
      alice: { taskFile: `${FIXTURES}publish.yaml` },
    });
  });

  it("streams the model's text when stdout is a terminal, without printing an answer twice", async () => {
    const r = await onTerminal(
      [
        "run",
        "summarise.yaml",
        "--tools",
        "tools.ts",
        "-i",
        "text=x",
        "--mock",
        "summarise.mock.json",
      ],
      "",
      true,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Tide pools are small worlds.\n");
    expect(r.stderr).toContain("  ⚙ word_count(");
  });
});
