import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ExitCode } from "../../src/cli/exit-codes.ts";
import { helpText } from "../../src/cli/help-text.ts";

const docs = readFileSync("docs/cli.md", "utf8");
const codes = Object.values(ExitCode).sort((a, b) => a - b);

it("docs/cli.md and alice --help document every exit code, and no other", () => {
  const section = docs.slice(docs.indexOf("### Exit codes"), docs.indexOf("### Environment"));
  const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
  expect(documented).toEqual(codes);
  const help = helpText();
  const listed = [...help.matchAll(/^ {2}(\d+) {2,}\S/gm)].map((m) => Number(m[1]));
  expect(listed).toEqual(codes);
});

it("docs/cli.md has no table row the README's error-code check would take for an error code", () => {
  expect([...docs.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1])).toEqual([]);
});
