import { findJinjaSyntax } from "./find-jinja-syntax.ts";
import type { TemplatePosition } from "./outline-template.ts";
import type {
  CompiledTemplate,
  PromptEnvironment,
  RenderTemplate,
  TemplateOptions,
} from "./prompt-environment.ts";
import { PromptError, type PromptErrorCode } from "./prompt-error.ts";
import { PROMPT_ROLES } from "./prompt-helpers.ts";

/** Where a template's text starts: its file, and the 1-based line and column of its first character. */
export interface ContentLocation {
  filePath?: string;
  line?: number;
  column?: number;
}

/** A partial's template text, and where it comes from (for error positions). */
export interface PartialSource extends ContentLocation {
  content: string;
}

/** Finds a partial by the name a template calls it by (`{{> header}}` → `"header"`). */
export type PartialResolver = (name: string) => PartialSource | string | undefined;

/** Where a root variable is first used. */
export interface VariableSite extends TemplatePosition {
  filePath?: string;
  /** The partial it is used in, when not in the prompt's own template. */
  partial?: string;
}

/** A prompt's template and every partial it reaches, compiled and checked. */
export interface CompiledPrompt {
  template: CompiledTemplate;
  partials: Record<string, RenderTemplate>;
  partialContents: Record<string, string>;
  variables: Map<string, VariableSite>;
  /** `@` data keys only a render context gives (`@state`), with where each is first read. */
  contextData: Map<string, VariableSite>;
  usesMessageHelpers: boolean;
}

/** What `compilePrompt` needs. */
export interface CompilePromptInput {
  name: string;
  content: string;
  location: ContentLocation;
  partials: PartialResolver | undefined;
  environment: PromptEnvironment;
  options: TemplateOptions;
}

/**
 * Compiles a prompt's template and, depth first, each partial it calls, so a syntax error, an
 * unknown helper, a missing partial or a cycle of partials is reported at load time with its
 * file, line and chain of partial names, instead of surfacing at the first render (Handlebars
 * reports a missing partial only when rendering it, and a cycle as a stack overflow).
 */
export function compilePrompt(input: CompilePromptInput): CompiledPrompt {
  const { name, environment, options } = input;
  const result: CompiledPrompt = {
    template: compileSource(input.content, input.location, name, environment, options),
    partials: {},
    partialContents: {},
    variables: new Map(),
    contextData: new Map(),
    usesMessageHelpers: false,
  };
  const sources = new Map<string, { compiled: CompiledTemplate; location: ContentLocation }>();

  const resolve = (partial: string) => {
    const known = sources.get(partial);
    if (known !== undefined) return known;
    const found = input.partials?.(partial);
    if (found === undefined) return undefined;
    const source = typeof found === "string" ? { content: found } : found;
    const compiled = compileSource(source.content, source, name, environment, options, partial);
    const entry = { compiled, location: source };
    sources.set(partial, entry);
    result.partials[partial] = compiled.render;
    result.partialContents[partial] = source.content;
    return entry;
  };

  const visit = (
    template: CompiledTemplate,
    location: ContentLocation,
    chain: readonly string[],
    inherits: boolean,
    shadowed: ReadonlySet<string>,
  ): void => {
    const { outline } = template;
    const partialName = chain.length > 1 ? chain.at(-1) : undefined;
    for (const use of outline.variables) {
      if (!use.viaRoot && (!inherits || shadowed.has(use.name))) continue;
      if (result.variables.has(use.name)) continue;
      const site: VariableSite = place(location, use);
      if (partialName !== undefined) site.partial = partialName;
      result.variables.set(use.name, site);
    }
    for (const use of outline.contextData) {
      if (result.contextData.has(use.name)) continue;
      const site: VariableSite = place(location, use);
      if (partialName !== undefined) site.partial = partialName;
      result.contextData.set(use.name, site);
    }
    if (outline.messageHelpers.length > 0) result.usesMessageHelpers = true;
    for (const call of outline.partials) {
      const at = place(location, call);
      const failure = (code: PromptErrorCode, message: string, links: readonly string[]) =>
        new PromptError(code, message, { promptName: name, chain: links, ...at });
      if (call.dynamic) {
        throw failure(
          "PROMPT_INVALID",
          `Prompt "${name}" uses a dynamic partial name, which cannot be checked at load time; name the partial directly.`,
          chain,
        );
      }
      if (outline.inlinePartials.includes(call.name)) continue;
      const links = [...chain, call.name];
      if (chain.slice(1).includes(call.name)) {
        throw failure(
          "PROMPT_PARTIAL_CYCLE",
          `Partials of prompt "${name}" include each other in a cycle: ${links.join(" → ")}.`,
          links,
        );
      }
      const entry = resolve(call.name);
      if (entry === undefined) {
        if (call.hasFallback) continue;
        throw failure(
          "PROMPT_PARTIAL_NOT_FOUND",
          `Prompt "${name}" includes partial "${call.name}", which does not exist (${links.join(" → ")}). Add a _${call.name.split("/").at(-1)}.prompt file or pass it in \`partials\`.`,
          links,
        );
      }
      const nextShadowed = new Set([...shadowed, ...call.hashKeys]);
      visit(entry.compiled, entry.location, links, inherits && call.inheritsContext, nextShadowed);
    }
  };

  visit(result.template, input.location, [name], true, new Set());
  return result;
}

function compileSource(
  content: string,
  location: ContentLocation,
  promptName: string,
  environment: PromptEnvironment,
  options: TemplateOptions,
  partialName?: string,
): CompiledTemplate {
  const what =
    partialName === undefined
      ? `Prompt "${promptName}"`
      : `Partial "${partialName}" (of prompt "${promptName}")`;
  const code: PromptErrorCode =
    location.filePath === undefined ? "PROMPT_INVALID" : "PROMPT_FILE_INVALID";
  const jinja = findJinjaSyntax(content);
  if (jinja !== undefined) {
    const at = place(location, positionOf(content, jinja.index));
    throw new PromptError(
      code,
      `${what} is written in Jinja2 syntax (${jinja.text}), as Project Alice's original prompt files are. Prompts use Handlebars (Dotprompt): write {{#if x}}…{{/if}} for {% if x %}…{% endif %}, {{#each items}}…{{/each}} for {% for %}, and {{x}} without filters.`,
      { promptName, ...at },
    );
  }
  const compiled = environment.compile(content, options);
  if (!compiled.success) {
    const at =
      compiled.line === undefined
        ? { filePath: location.filePath }
        : place(location, { line: compiled.line, column: compiled.column ?? 1 });
    throw new PromptError(code, `${what} has a template error: ${compiled.message}`, {
      promptName,
      ...at,
    });
  }
  for (const use of compiled.template.outline.messageHelpers) {
    if (use.name === "role" && use.literal !== undefined && !PROMPT_ROLES.has(use.literal)) {
      throw new PromptError(
        "PROMPT_INVALID",
        `${what}: {{role "${use.literal}"}} is not a role; use "system", "user", "assistant" or "model".`,
        { promptName, ...place(location, use) },
      );
    }
  }
  return compiled.template;
}

/** Maps a position inside a template to its position in the file the template came from. */
function place(
  location: ContentLocation,
  at: TemplatePosition,
): ContentLocation & TemplatePosition {
  const line = (location.line ?? 1) + at.line - 1;
  const column = at.line === 1 ? at.column + (location.column ?? 1) - 1 : at.column;
  return location.filePath === undefined
    ? { line, column }
    : { filePath: location.filePath, line, column };
}

function positionOf(text: string, index: number): TemplatePosition {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return { line, column: index - before.lastIndexOf("\n") };
}
