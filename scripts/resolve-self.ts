/**
 * Lets a script in a folder with its own package.json (bench/) import "alice-agents" from this
 * checkout, resolved as the package's own files resolve it (with `--conditions=alice-source`,
 * its sources): `npm run bench:engine` and `bench:prompts` need only the root `npm install`, not
 * bench/'s install of the peer frameworks.
 *   node --import ./scripts/resolve-self.ts --conditions=alice-source bench/engine.ts
 */
import { registerHooks } from "node:module";

const rootManifest = new URL("../package.json", import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const self = specifier === "alice-agents" || specifier.startsWith("alice-agents/");
    // Resolved from the root package.json, the name is a self-reference to "exports".
    return nextResolve(specifier, self ? { ...context, parentURL: rootManifest } : context);
  },
});
