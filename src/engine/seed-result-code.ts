import type { CompiledDefinition } from "./definition.ts";
import type { NodeResponse } from "./types.ts";

/**
 * Project Alice's final exit code (the rule of the task system this framework ports), for a
 * task that wants it back: from the last response of
 * each node, all equal → that code; else 1 if any of them took a retry route (or has none),
 * else 0. It reports a run whose last node failed as a success when the nodes before it
 * differ (`Ok:0, Bad:1` with `Bad: { 1: [null, false] }` gives 0), which is why it is not the
 * default. Use it from an override: `mapFinalExitCode(h) { return seedResultCode(this, h); }`.
 */
export function seedResultCode(
  task: { readonly definition: CompiledDefinition },
  history: readonly NodeResponse[],
): number {
  const last = new Map<string, number>();
  for (const response of history) last.set(response.nodeName, response.exitCode);
  const codes = new Set(last.values());
  if (codes.size === 1) return codes.values().next().value as number;
  for (const [node, code] of last) {
    const route = task.definition.routes.get(node)?.get(code);
    if (route === undefined || route.retry) return 1;
  }
  return 0;
}
