import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("examples/structured-output.ts", () => {
  it("runs offline: the ticket streams in as partial objects and prints as its typed fields", async () => {
    const env = { ...process.env };
    for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ALICE_MODEL"])
      delete env[key];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--conditions=alice-source", "examples/structured-output.ts"],
      { env },
    );
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Offline: /);
    expect(lines[1]).toMatch(/^status: complete \(the ticket grew over \d+ partial objects\)$/);
    expect(Number(/over (\d+)/.exec(lines[1] ?? "")?.[1])).toBeGreaterThan(1);
    expect(lines.slice(2)).toEqual([
      "[urgent] returns: Replace the cracked lamp shade of order 1042 before Friday",
      "order 1042, from Sam Rivera <sam@example.com>",
    ]);
  });
});
