import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("examples/engine-quickstart.ts (npm start)", () => {
  it("retries, pauses for approval, resumes from JSON and prints the report", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--conditions=alice-source",
      "examples/engine-quickstart.ts",
    ]);
    expect(stdout.split("\n")[0]).toBe(
      "alice-agents engine quickstart (offline: no model is called)",
    );
    expect(stdout).toContain(
      "  failed: upstream timed out (simulated)\n  retry into fetch: attempt 2 of 3",
    );
    expect(stdout).toContain("  paused: Publish the report?\nstatus: pending");
    expect(stdout).toContain("status: complete, resultCode 0");
    expect(stdout).toMatch(
      /ACME {5}12\.50\n {2}GLOBEX {3}48\.10\n {2}INITECH {2}3\.20\n\(approved: looks good\)/,
    );
  });
});
