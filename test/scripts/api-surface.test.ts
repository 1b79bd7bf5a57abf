import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSurface, renderSurface } from "../../scripts/api-surface.ts";

const root = join(import.meta.dirname, "..", "..");

describe("the public API", () => {
  const surface = readSurface(root);

  it("is exactly what docs/api.md lists (a new export is a decision: node scripts/api-surface.ts --write)", () => {
    expect(renderSurface(surface)).toBe(readFileSync(join(root, "docs", "api.md"), "utf8"));
  });

  it("has a one-sentence doc comment on every export", () => {
    const undocumented = [...surface].flatMap(([entry, names]) =>
      names.filter((api) => api.summary === "").map((api) => `${entry}: ${api.name}`),
    );
    expect(undocumented).toEqual([]);
  });

  it("keeps plumbing out of the root entry", () => {
    const root = (surface.get("alice-agents") ?? []).map((api) => api.name);
    for (const plumbing of ["functionParametersToZod", "addUsage", "findDecision", "DEFAULT_RETRY"])
      expect(root).not.toContain(plumbing);
    expect((surface.get("alice-agents/internal") ?? []).map((api) => api.name)).toContain(
      "functionParametersToZod",
    );
  });
});
