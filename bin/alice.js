#!/usr/bin/env node
// The `alice` command. An installed package runs the compiled dist/cli/bin.js. In this
// repository nothing is built: Node runs src/cli/bin.ts itself, with the "alice-source" export
// condition so the sources (and task files' tool modules that import "alice-agents") resolve.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import module from "node:module";
import { fileURLToPath } from "node:url";

// Node's on-disk compile cache (as tsc does): later starts skip compiling (and, from source,
// type-stripping) the modules again. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const cache = module.enableCompileCache?.();

const built = new URL("../dist/cli/bin.js", import.meta.url);

if (existsSync(built)) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL("../src/cli/bin.ts", import.meta.url));
  const node = sourceCapableNode();
  const env = { ...process.env };
  if (cache?.directory !== undefined) env.NODE_COMPILE_CACHE ??= cache.directory;
  const child = spawn(node, ["--conditions=alice-source", source, ...process.argv.slice(2)], {
    stdio: "inherit",
    env,
  });
  // Ctrl-C reaches the child from the terminal too; a signal sent to this process alone
  // (kill -INT <pid>) is passed on. The child decides how to end.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("error", (error) => {
    process.stderr.write(`alice: cannot start ${node}: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exitCode = code ?? 1;
    }
  });
}

/** This Node when it runs TypeScript, else the Node this repository pins (node_modules/.bin). */
function sourceCapableNode() {
  if (process.features.typescript) return process.execPath;
  const pinned = fileURLToPath(new URL("../node_modules/.bin/node", import.meta.url));
  if (existsSync(pinned)) return pinned;
  process.stderr.write(
    `alice: running from the sources needs Node >= 22.18 (this is ${process.version}); run "npm run build" or use "npx alice".\n`,
  );
  process.exit(1);
}
