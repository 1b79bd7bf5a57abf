import type { PromptHelpers } from "./custom-helpers.ts";
import { defaultPromptEnvironment, PromptEnvironment } from "./prompt-environment.ts";

/** The environment options of `new Prompt()`, `loadPrompt()` and `loadPromptDir()`. */
export interface EnvironmentChoice {
  environment?: PromptEnvironment | undefined;
  helpers?: PromptHelpers | undefined;
}

// One environment per `helpers` object, so prompts given the same helpers share compiled templates.
const byHelpers = new WeakMap<PromptHelpers, PromptEnvironment>();

/**
 * The environment a prompt compiles in. Without `helpers`: `environment`, or the shared default.
 * With `helpers` and `environment`: the environment, with the helpers defined on it (so the
 * folder environment `loadPromptDir()` makes gets them). With `helpers` alone: an environment of
 * those helpers, never the shared default, whose meaning must not change under other prompts.
 */
export function promptEnvironmentFor({
  environment,
  helpers,
}: EnvironmentChoice): PromptEnvironment {
  if (helpers === undefined) return environment ?? defaultPromptEnvironment();
  let target = environment ?? byHelpers.get(helpers);
  if (target === undefined) {
    target = new PromptEnvironment();
    byHelpers.set(helpers, target);
  }
  // Defining a helper again with the same function does nothing; a different one throws.
  for (const [name, helper] of Object.entries(helpers)) target.defineHelper(name, helper);
  return target;
}
