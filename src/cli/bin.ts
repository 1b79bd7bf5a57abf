// The `alice` executable: runs main() with the process's streams and Ctrl-C wired to abort.
import { main } from "./main.ts";

const controller = new AbortController();
let interruptedAt = 0;
process.on("SIGINT", () => {
  if (!controller.signal.aborted) {
    interruptedAt = Date.now();
    controller.abort(new Error("Interrupted (Ctrl-C)."));
    return;
  }
  // One Ctrl-C can arrive several times (the terminal, npx and bin/alice.js each pass it on);
  // a second one pressed later means: stop now.
  if (Date.now() - interruptedAt > 1000) process.exit(130);
});

process.exitCode = await main(process.argv.slice(2), { signal: controller.signal });
