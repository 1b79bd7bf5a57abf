import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm start (examples/research/start.ts)", () => {
  it("runs the research workflow offline through alice run, saying so first, with progress and the result", () => {
    const env = { ...process.env };
    for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ALICE_MODEL"])
      delete env[key];
    const run = spawnSync(
      process.execPath,
      ["--conditions=alice-source", "examples/research/start.ts"],
      { env, encoding: "utf8" },
    );
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n")[0]).toMatch(
      /^alice: offline run: every model call is answered by the scripted openai model in examples\/research\/offline\.json/,
    );
    expect(run.stderr).toContain("= Check: Sources rejected (exit 2) → RetryRetrieve");
    expect(run.stderr).toContain("= Check: Sources approved (exit 0) → Summarise");
    expect(run.stderr).toContain("→ research.RetryRetrieve");
    expect(run.stderr).toContain(
      '⚙ search({"query":"peer-reviewed studies bee decline varroa pesticides"})',
    );
    expect(run.stdout.trim()).toMatch(
      /^Bee populations are declining because several pressures act at once\..*together\.$/s,
    );
  });
});
