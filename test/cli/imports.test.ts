// `alice graph` and `validate` must start fast: no command reaches msw or a provider SDK through
// a static import (--mock and the providers load them with import() when a flag needs them).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "../../src/cli");

function staticPackages(entry: string, seen = new Set<string>(), found = new Set<string>()) {
  if (seen.has(entry)) return found;
  seen.add(entry);
  const source = readFileSync(entry, "utf8");
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gm)) {
    const specifier = match[1] ?? "";
    if (specifier.startsWith(".")) staticPackages(resolve(dirname(entry), specifier), seen, found);
    else found.add(specifier);
  }
  return found;
}

it.each([
  "bin.ts",
  "run-command.ts",
  "resume-command.ts",
  "graph-command.ts",
  "validate-command.ts",
])("src/cli/%s imports no SDK and no msw statically", (file) => {
  const packages = [...staticPackages(resolve(CLI, file))];
  expect(packages.filter((p) => /^(msw|openai|@anthropic-ai\/)/.test(p))).toEqual([]);
});
