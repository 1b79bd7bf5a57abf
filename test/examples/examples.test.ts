import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/** Runs an example as a user would, offline: no provider keys in its environment. */
async function runExample(file: string, ...args: string[]): Promise<string> {
  const env = { ...process.env };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ALICE_MODEL"])
    delete env[key];
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--conditions=alice-source", file, ...args],
    { env },
  );
  return stdout;
}

const OFFLINE =
  "Offline: no OPENAI_API_KEY, ANTHROPIC_API_KEY or OPENAI_BASE_URL is set, so a scripted model from alice-agents/testing answers.";

describe("examples run offline", () => {
  it("chat-agent.ts: a chat thread in a SQLite file: a tool call, a follow-up that sees the conversation, and after a restart one that needs the first turn", async () => {
    const dir = await mkdtemp(join(tmpdir(), "alice-chat-example-"));
    try {
      const db = join(dir, "chat.db");
      const out = await runExample("examples/chat-agent.ts", db);
      expect(out.split("\n")[0]).toBe(OFFLINE);
      expect(out).toContain('  (calls convert_currency {"amount":250,"from":"EUR","to":"JPY"})');
      expect(out).toContain("Ada: 250 EUR is about 40,800 JPY at today's rate.");
      expect(out).toContain("Ada: You're welcome!");
      // The offline model finds the amount only in the earlier turns the run sends.
      expect(out).toContain(
        '(restart: a new store on the same file, a new assistant)\nyou: And how much is that in dollars?\n  (calls convert_currency {"amount":250,"from":"EUR","to":"USD"})\nAda: 250 EUR is about 270 USD.',
      );
      expect(out).toContain(`The thread "trip-to-japan" has 3 runs in ${db}.`);
      expect(existsSync(db)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prompt-file-agent.ts: tools from the .prompt file, a JSON answer validated against its schema", async () => {
    const out = await runExample("examples/prompt-file-agent.ts");
    expect(out).toContain("status: complete; tools used: 2 rounds");
    expect(out).toContain("category: RETURNS, needs a human: false");
  });

  it("genkit-prompts.ts: a Genkit prompt folder with a custom helper, its file's model through a registered prefix", async () => {
    const out = await runExample("examples/genkit-prompts.ts");
    expect(out.split("\n")[0]).toBe(OFFLINE);
    expect(out).toContain(
      "The prompt:\nYou are a cheerful home cook who writes short, practical recipes.\nSuggest a recipe for pancakes using only:\n- flour\n- eggs\n- milk\nAnswer in three short steps.",
    );
    expect(out).toContain("status: complete (offline)\n1. Whisk the flour");
  });

  it("approval-workflow.ts: approve, revise then approve, and reject", async () => {
    expect(await runExample("examples/approval-workflow.ts")).toMatch(
      /status: complete\nPublished to #announcements:\nRelease 2\.4/,
    );
    const revised = await runExample("examples/approval-workflow.ts", "revise");
    expect(revised.match(/Publish this release note\?/g)).toHaveLength(2);
    expect(revised).toContain("Thanks to everyone who reported it!\n");
    const rejected = await runExample("examples/approval-workflow.ts", "reject");
    expect(rejected).toContain('status: cancelled\nThe user chose "reject"');
  });

  it("multi-step-task.ts: the seed's MultiStepTask routes through review and totals the valid invoices", async () => {
    const out = await runExample("examples/multi-step-task.ts");
    expect(out).toContain(
      "0. prepare → exit 0\n1. process → exit 2\n2. review → exit 1\n3. process → exit 0\n4. finalize → exit 0",
    );
    expect(out).toContain("complete (Batch processed): Total: 4920.00 EUR");
    expect(out).toContain('  process -- "2" --> review');
  });
});
