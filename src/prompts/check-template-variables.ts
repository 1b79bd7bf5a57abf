import { didYouMean } from "../errors/closest-name.ts";
import type { FunctionParameters } from "../schema/function-parameters.ts";
import type { VariableSite } from "./compile-prompt.ts";
import type { TemplatePosition } from "./outline-template.ts";
import { PromptError } from "./prompt-error.ts";
import { KNOWN_HELPERS } from "./prompt-helpers.ts";
import type { PromptWarning } from "./prompt-warning.ts";

/** What the load-time variable check compares. */
export interface TemplateVariablesInput {
  promptName: string;
  filePath?: string;
  parameters: FunctionParameters;
  /** Names bound by `partialVariables`: always present, so never a typo. */
  bound: ReadonlySet<string>;
  /** Default values given outside the schema (a file's `input.default`). */
  defaults: Readonly<Record<string, unknown>>;
  /** Root variables the template and its partials use, with where each is first used. */
  used: ReadonlyMap<string, VariableSite>;
  declaredAt?: DeclarationSites | undefined;
  /** The environment's custom helpers: like built-in ones, no variable can share their names. */
  customHelpers?: ReadonlySet<string>;
}

/** Where a file declares each parameter (`input.schema`) and default (`input.default`). */
export interface DeclarationSites {
  parameters?: Readonly<Record<string, TemplatePosition>>;
  defaults?: Readonly<Record<string, TemplatePosition>>;
}

/**
 * Compares the variables a template uses with the ones its parameters declare: a used name that
 * is not declared is an error (most often a typo, which Handlebars would render as empty text);
 * a declared name the template never uses is a warning. A declared name that is also a helper's
 * name is an error, because `{{json}}` calls the helper and never reads the variable.
 */
export function checkTemplateVariables(input: TemplateVariablesInput): PromptWarning[] {
  const { promptName, parameters, used, filePath } = input;
  const declared = Object.keys(parameters.properties);
  const at = (kind: keyof DeclarationSites, name: string) => {
    if (filePath === undefined) return {};
    const sites = input.declaredAt?.[kind];
    const site = sites !== undefined && Object.hasOwn(sites, name) ? sites[name] : undefined;
    return { filePath, ...site };
  };
  for (const name of declared) {
    if (KNOWN_HELPERS.has(name) || input.customHelpers?.has(name) === true) {
      throw new PromptError(
        "PROMPT_INVALID",
        `Prompt "${promptName}" declares a variable named "${name}", which is also a helper: {{${name}}} would call the helper. Rename the variable.`,
        { promptName, variable: name, ...at("parameters", name) },
      );
    }
  }
  for (const [name, site] of used) {
    if (Object.hasOwn(parameters.properties, name) || input.bound.has(name)) continue;
    const inPartial = site.partial === undefined ? "" : ` (in partial "${site.partial}")`;
    const hint = didYouMean(name, [...declared, ...input.bound]);
    throw new PromptError(
      "PROMPT_UNKNOWN_VARIABLE",
      `Prompt "${promptName}" uses {{${name}}}${inPartial}, but its parameters do not declare "${name}".${hint} Declared: ${declared.join(", ") || "none"}.`,
      { promptName, variable: name, expected: declared.join(", "), ...site },
    );
  }
  const warnings: PromptWarning[] = [];
  for (const name of declared) {
    if (used.has(name)) continue;
    warnings.push({
      code: "UNUSED_VARIABLE",
      message: `Prompt "${promptName}" declares variable "${name}" but its template never uses it.`,
      promptName,
      ...at("parameters", name),
    });
  }
  for (const name of Object.keys(input.defaults)) {
    if (Object.hasOwn(parameters.properties, name)) continue;
    warnings.push({
      code: "UNUSED_DEFAULT",
      message: `Prompt "${promptName}" gives a default for "${name}", which its parameters do not declare.`,
      promptName,
      ...at("defaults", name),
    });
  }
  return warnings;
}
