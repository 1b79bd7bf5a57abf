/**
 * Builds the package's JavaScript: one ES module per entry of package.json's "exports" (and the
 * CLI), with the code they share in chunks beside them, then tsc's declarations in the same
 * layout. A bundle per entry is loaded as a handful of files instead of ~75 modules: importing
 * the library and its OpenAI provider took 55 ms as tsc's output and 21 ms bundled (bench/).
 * Dependencies stay external: they are the app's to install and share.
 *   node scripts/build.ts [--outdir dist] [--no-types]
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";

/** Output paths (without .js) of the entries, as package.json's "exports" and bin/alice.js name them. */
export const ENTRIES: Readonly<Record<string, string>> = {
  index: "src/index.ts",
  internal: "src/internal.ts",
  "providers/openai/index": "src/providers/openai/index.ts",
  "providers/anthropic/index": "src/providers/anthropic/index.ts",
  "stores/postgres/index": "src/stores/postgres/index.ts",
  "testing/index": "src/testing/index.ts",
  // bin/alice.js runs it; it reads ../../package.json from here (src/cli/main.ts).
  "cli/bin": "src/cli/bin.ts",
};

const root = join(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    outdir: { type: "string", default: "dist" },
    "no-types": { type: "boolean", default: false },
  },
});
const outdir = resolve(root, values.outdir);

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "external",
  sourcemap: true,
  sourcesContent: false,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});

if (!values["no-types"]) {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const args = [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", outdir];
  const emitted = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (emitted.status !== 0) process.exit(emitted.status ?? 1);
}
