import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Files reached from `entry` through runtime (non-type) imports. */
function runtimeGraph(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const source = readFileSync(entry, "utf8");
  const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gm)]
    .map((m) => m[1] ?? "")
    .filter((s) => s !== "");
  seen.set(entry, specifiers);
  for (const specifier of specifiers) {
    if (specifier.startsWith(".")) runtimeGraph(resolve(dirname(entry), specifier), seen);
  }
  return seen;
}

it("keeps the SDKs out of everything the core entry reaches through src/providers/index.ts", () => {
  const graph = runtimeGraph(resolve(SRC, "providers/index.ts"));
  const packages = [...graph.values()].flat().filter((s) => !s.startsWith("."));
  expect(packages).not.toContain("openai");
  expect(packages.some((s) => s.startsWith("@anthropic-ai/"))).toBe(false);
  expect(graph.has(resolve(SRC, "providers/provider-error.ts"))).toBe(true);
});

it("loads the SDK only through the subpath entries", () => {
  const openai = [...runtimeGraph(resolve(SRC, "providers/openai/index.ts")).values()].flat();
  const anthropic = [...runtimeGraph(resolve(SRC, "providers/anthropic/index.ts")).values()].flat();
  expect(openai).toContain("openai");
  expect(anthropic).toContain("@anthropic-ai/sdk");
});
