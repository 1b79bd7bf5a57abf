import type { HelperDelegate, HelperOptions } from "handlebars";
import { PromptError } from "./prompt-error.ts";

/** Handlebars' own block helpers that prompts may use (`log` is left out: it writes to the console). */
export const BUILTIN_HELPERS = ["if", "unless", "each", "with", "lookup"] as const;

/** The Dotprompt helpers that split a render into messages; they need `prompt.messages()`. */
export const MESSAGE_HELPERS = ["role", "history", "media", "section"] as const;

/** Every helper a prompt template may call; anything else is a compile error. */
export const KNOWN_HELPERS: ReadonlySet<string> = new Set([
  ...BUILTIN_HELPERS,
  ...MESSAGE_HELPERS,
  "json",
  "ifEquals",
  "unlessEquals",
]);

/** The roles `{{role "…"}}` accepts; `model` is Dotprompt's name for `assistant`. */
export const PROMPT_ROLES: ReadonlySet<string> = new Set(["system", "user", "assistant", "model"]);

/** The helpers every render can use, registered once per Handlebars instance. */
export const STATIC_HELPERS: Readonly<Record<string, HelperDelegate>> = {
  json: jsonHelper,
  ifEquals(this: unknown, a: unknown, b: unknown, options: HelperOptions) {
    return a === b ? options.fn(this) : options.inverse(this);
  },
  unlessEquals(this: unknown, a: unknown, b: unknown, options: HelperOptions) {
    return a !== b ? options.fn(this) : options.inverse(this);
  },
};

/**
 * Stand-ins for the message helpers, registered so the compiler knows them. `messages()` replaces
 * them for each render; reaching one of these means the prompt was rendered with `format()`.
 */
export const MESSAGE_HELPER_STANDINS: Readonly<Record<string, HelperDelegate>> = Object.fromEntries(
  MESSAGE_HELPERS.map((name) => [
    name,
    () => {
      throw new PromptError(
        "PROMPT_INVALID",
        `{{${name}}} splits a prompt into messages: render it with messages(), not format().`,
      );
    },
  ]),
);

/** `{{json value indent=2}}`: the value as JSON text (empty for undefined). */
function jsonHelper(...args: unknown[]): string {
  // Handlebars passes its options object last; `{{json}}` alone has nothing to print.
  if (args.length < 2) return "";
  const options = args[args.length - 1] as HelperOptions;
  const indent = options.hash.indent;
  return JSON.stringify(args[0], null, typeof indent === "number" ? indent : 0) ?? "";
}

/** Names that call a helper even when written alone, like `{{history}}`. */
export const HELPER_NAMES: ReadonlySet<string> = new Set([
  ...KNOWN_HELPERS,
  ...BUILTIN_HELPERS,
  "log",
  "helperMissing",
  "blockHelperMissing",
]);
