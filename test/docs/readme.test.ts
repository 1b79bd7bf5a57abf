import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { ERROR_CODES } from "alice-agents";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("documents every error code, once", () => {
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it("has a quickstart that runs and prints what its comment says", async () => {
    const code = /## Quickstart\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--conditions=alice-source",
      "--input-type=module-typescript",
      "-e",
      code!,
    ]);
    const promised = /console\.log\(.*\); \/\/ (.*)/.exec(code!)?.[1];
    expect(stdout.trim()).toBe(promised);
  });

  it("gives the two commands a newcomer runs", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test ");
  });
});
