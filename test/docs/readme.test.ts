import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { ERROR_CODES } from "alice-agents";
import { mockOpenAI } from "alice-agents/testing";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const readme = readFileSync("README.md", "utf8");
const quickstart = readme.slice(readme.indexOf("## Quickstart"), readme.indexOf("## Concepts"));
const [agentCode, taskCode] = [...quickstart.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const promised = (code: string) => /console\.log\(.*\); \/\/ (.*)/.exec(code)?.[1];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());

describe("README", () => {
  it("documents every error code, once", () => {
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it("has an agent quickstart that runs and prints what its comment says (model answered by the MSW kit)", async () => {
    const llm = mockOpenAI([
      { toolCalls: [{ name: "add", arguments: { a: 2, b: 3 } }] },
      { text: "The answer is 5." },
    ]);
    server.use(...llm.handlers);
    vi.stubEnv("OPENAI_API_KEY", "test-key");
    const printed: string[] = [];
    const log = vi
      .spyOn(console, "log")
      .mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    const file = `${import.meta.dirname}/quickstart.generated.ts`;
    writeFileSync(file, agentCode!);
    try {
      await import(file);
    } finally {
      rmSync(file);
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(printed[0]).toBe(promised(agentCode!));
    expect(llm.requests[1]?.toolResults).toEqual([
      { toolCallId: expect.any(String), content: "5" },
    ]);
  });

  it("has a plain-task quickstart that runs and prints what its comment says", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--conditions=alice-source",
      "--input-type=module-typescript",
      "-e",
      taskCode!,
    ]);
    expect(stdout.trim()).toBe(promised(taskCode!));
  });

  it("gives the two commands a newcomer runs", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test ");
  });
});
