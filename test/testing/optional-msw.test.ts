import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const probe = fileURLToPath(new URL("./fixtures/loaded-modules.mjs", import.meta.url));

/** Imports `specifier` in a fresh Node process at the repo root and lists the modules it loaded. */
function modulesLoadedBy(specifier: string): string[] {
  const result = spawnSync(process.execPath, ["--conditions=alice-source", probe, specifier], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

const isMsw = (url: string) => /\/node_modules\/(msw|@mswjs)\//.test(url);

describe("msw stays optional", () => {
  it("importing alice-agents loads no msw module", () => {
    const loaded = modulesLoadedBy("alice-agents");
    expect(loaded.some((url) => url.endsWith("/src/index.ts"))).toBe(true);
    expect(loaded.filter(isMsw)).toEqual([]);
  });

  it("importing alice-agents/testing does load msw (so the check above can fail)", () => {
    const loaded = modulesLoadedBy("alice-agents/testing");
    expect(loaded.some((url) => url.endsWith("/src/testing/index.ts"))).toBe(true);
    expect(loaded.filter(isMsw).length).toBeGreaterThan(0);
  });
});
