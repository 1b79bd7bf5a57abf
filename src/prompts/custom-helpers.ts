import type { HelperDelegate } from "handlebars";
import { PromptError } from "./prompt-error.ts";
import { HELPER_NAMES } from "./prompt-helpers.ts";

/**
 * A helper a template calls by name, as Genkit's `ai.defineHelper()` registers one: `{{list items}}`
 * calls it with `items` as given, then Handlebars' options object (`hash` for `key=value`
 * arguments, `fn`/`inverse` in a block). It runs synchronously while the template renders; what it
 * returns is inserted as written (prompts are not HTML, so nothing is escaped and
 * `Handlebars.SafeString` is not needed), `null` and `undefined` as nothing.
 */
export type PromptHelper = (...args: never[]) => unknown;

/** Custom helpers by the name templates call them by. */
export type PromptHelpers = Readonly<Record<string, PromptHelper>>;

// Handlebars' lexer reads these as literals or keywords, never as a helper's name.
const RESERVED: ReadonlySet<string> = new Set([
  "true",
  "false",
  "null",
  "undefined",
  "else",
  "this",
]);

/**
 * Throws PROMPT_INVALID unless `name` can name a custom helper: a name a template can write alone
 * in `{{name}}` (letters, digits, `_`, `$`, `-`, not starting with a digit), not a built-in helper
 * (`if`, `json`, `role`, …), and not a member every object has (`constructor`, `toString`).
 */
export function checkHelperDefinition(name: string, helper: unknown): void {
  const problem =
    typeof name !== "string" || !/^[A-Za-z_$][\w$-]*$/.test(name) || RESERVED.has(name)
      ? "is not a name a template can call: use letters, digits, _, $ or -, not starting with a digit"
      : HELPER_NAMES.has(name)
        ? "is a built-in helper, which a custom helper cannot replace: choose another name"
        : name in Object.prototype
          ? "is a member every object has, so it cannot name a helper"
          : typeof helper !== "function"
            ? `is given ${helper === null ? "null" : typeof helper}, not a function`
            : undefined;
  if (problem === undefined) return;
  throw new PromptError("PROMPT_INVALID", `Helper ${JSON.stringify(name)} ${problem}.`);
}

/**
 * `helper` as Handlebars calls it, refusing a Promise result: a render is synchronous, and the
 * text `[object Promise]` would otherwise reach the model.
 */
export function toHandlebarsHelper(name: string, helper: PromptHelper): HelperDelegate {
  const call = helper as (this: unknown, ...args: unknown[]) => unknown;
  return function (this: unknown, ...args: unknown[]) {
    const result = call.apply(this, args);
    if (result instanceof Promise) {
      result.catch(() => undefined); // its failure is moot now, and must not go unhandled
      throw new PromptError(
        "TEMPLATE_RENDER_FAILED",
        `Helper "${name}" returned a Promise, but templates render synchronously: make the helper return its text, and compute async values before rendering.`,
      );
    }
    return result;
  };
}
