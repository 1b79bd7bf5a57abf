import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ERROR_CODES, loadPrompt } from "alice-agents";
import { mockOpenAI } from "alice-agents/testing";
import { describe, expect, it, vi } from "vitest";
import { useMockServer } from "../msw-server.ts";

const run = promisify(execFile);
const readme = readFileSync("README.md", "utf8");

/** Every ```ts block of the README, and whether it is marked as a fragment of something larger. */
const blocks = [...readme.matchAll(/(<!-- fragment[^>]*-->\n)?```ts\n([\s\S]*?)```/g)].map((m) => ({
  fragment: m[1] !== undefined,
  code: m[2]!,
}));
const runnable = blocks.filter((b) => !b.fragment).map((b) => b.code);
const find = (start: string) => {
  const code = runnable.find((c) => c.includes(start));
  if (code === undefined) throw new Error(`README: no runnable block with ${start}`);
  return code;
};
const agentCode = find('taskName: "calculator",\n  agent');
const taskCode = find("class Summarise extends AliceTask");
const providersCode = find('import { createOpenAI, openai } from "alice-agents/openai";');
const testingCode = find("// calculator.test.ts");
const promised = (code: string) => /console\.log\(.*\); \/\/ (.*)/.exec(code)?.[1];

const server = useMockServer();

describe("README", () => {
  it("documents every error code, once", () => {
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it("runs every ts block it does not mark as a fragment (this file runs each one below)", () => {
    expect(runnable.sort()).toEqual([agentCode, taskCode, providersCode, testingCode].sort());
  });

  it("has an agent quickstart that runs and prints what its comment says (model answered by the MSW kit)", async () => {
    const llm = mockOpenAI([
      { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] },
      { text: "The answer is 5." },
    ]);
    server.use(...llm.handlers);
    vi.stubEnv("OPENAI_API_KEY", "test-key");
    vi.stubEnv("OPENAI_BASE_URL", "");
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation(
      (...args: unknown[]) => void printed.push(args.join(" ")),
    );
    const failed: unknown[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void failed.push(args));
    const file = `${import.meta.dirname}/quickstart.generated.ts`;
    writeFileSync(file, agentCode);
    try {
      await import(file);
    } finally {
      rmSync(file);
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
    expect(failed).toEqual([]);
    expect(printed[0]).toBe(promised(agentCode));
    expect(llm.requests[1]?.toolResults).toEqual([
      { toolCallId: expect.any(String), content: "5" },
    ]);
  });

  it("has a plain-task quickstart that runs and prints what its comment says", async () => {
    const { stdout, stderr } = await run(process.execPath, [
      "--conditions=alice-source",
      "--input-type=module-typescript",
      "-e",
      taskCode,
    ]);
    expect(stderr).toBe("");
    expect(stdout.trim()).toBe(promised(taskCode));
  });

  it("has quickstarts where a misspelt input is a compile error", async () => {
    const dir = mkdtempSync(join(process.cwd(), "test/docs/.typecheck-"));
    try {
      const misspelt = (code: string, from: string, to: string) => {
        expect(code).toContain(from);
        return code.replace(from, to);
      };
      writeFileSync(
        join(dir, "agent.ts"),
        misspelt(agentCode, "run({ question:", "run({ questoin:"),
      );
      writeFileSync(join(dir, "task.ts"), misspelt(taskCode, "run({ text:", "run({ txet:"));
      writeFileSync(join(dir, "ok.ts"), `${taskCode}\nexport {};\n`);
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ extends: "../../../tsconfig.json", include: ["*.ts"] }),
      );
      const result = await run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", dir], {
        maxBuffer: 4 * 1024 * 1024,
      }).then(
        () => "",
        (error: { stdout: string }) => error.stdout,
      );
      const errors = result.split("\n").filter((line) => line.includes("error TS"));
      expect(errors).toEqual([
        expect.stringMatching(/agent\.ts.*'questoin' does not exist/),
        expect.stringMatching(/task\.ts.*'txet' does not exist/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("has a providers block that runs as written (creating models sends nothing)", async () => {
    const { stderr } = await run(process.execPath, [
      "--conditions=alice-source",
      "--input-type=module-typescript",
      "-e",
      providersCode,
    ]);
    expect(stderr).toBe("");
  });

  it("has a testing-kit example that is a whole vitest file, passing as written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "alice-readme-"));
    const file = join(process.cwd(), "test/docs/readme-testing.generated.test.ts");
    writeFileSync(file, testingCode);
    try {
      await run(
        process.execPath,
        [
          "node_modules/vitest/vitest.mjs",
          "run",
          file,
          "--reporter=json",
          `--outputFile=${join(dir, "r.json")}`,
        ],
        // CI="" keeps the child from writing CI's own report (see vitest.config.ts).
        { env: { ...process.env, CI: "", OPENAI_API_KEY: "", OPENAI_BASE_URL: "" } },
      );
      const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
      expect([report.numPassedTests, report.numFailedTests]).toEqual([1, 0]);
    } finally {
      rmSync(file, { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("has a .prompt file that loads as written", async () => {
    const [file] = [...readme.matchAll(/```handlebars\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const dir = mkdtempSync(join(tmpdir(), "alice-readme-"));
    try {
      writeFileSync(join(dir, "calc.prompt"), file!);
      const prompt = await loadPrompt(join(dir, "calc.prompt"));
      expect(prompt.tools).toEqual(["add"]);
      expect(prompt.messages({ question: "2+3?", tone: "PLAIN" })).toEqual([
        { role: "system", content: "\nYou are a careful calculator. Be PLAIN.\n" },
        { role: "user", content: "\n2+3?" },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the two commands a newcomer runs", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test ");
  });
});
