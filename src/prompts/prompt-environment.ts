import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import { outlineTemplate, type TemplateOutline } from "./outline-template.ts";
import {
  BUILTIN_HELPERS,
  HELPER_NAMES,
  KNOWN_HELPERS,
  MESSAGE_HELPER_STANDINS,
  STATIC_HELPERS,
} from "./prompt-helpers.ts";
import { type SimpleTemplate, simpleTemplateOf } from "./simple-template.ts";
import type { ProgramNode } from "./template-nodes.ts";

/** Compile options that change the compiled template, part of its cache key. */
export interface TemplateOptions {
  /** Keep an indented standalone `{{> partial}}` from indenting the partial's lines. @default false */
  preventIndent?: boolean;
}

/**
 * Renders a compiled template over a context. Handlebars' `TemplateDelegate`, spelled out so the
 * published declarations name no ambient Handlebars global and take `unknown` rather than `any`.
 */
export type RenderTemplate = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** A template compiled once: its render function and what it refers to. */
export interface CompiledTemplate {
  readonly render: RenderTemplate;
  readonly outline: TemplateOutline;
  /** Set when the template is only text and plain variables: it renders without Handlebars. */
  readonly simple: SimpleTemplate | undefined;
}

/** The outcome of compiling a template text: the template, or where and why it failed. */
export type CompileResult =
  | { success: true; template: CompiledTemplate }
  | { success: false; message: string; line?: number; column?: number };

/** Options of `new PromptEnvironment()`. */
export interface PromptEnvironmentOptions {
  /** How many compiled templates to keep; the least recently used go first. @default 1000 */
  cacheSize?: number;
}

/** How many compiles the environment did and how many it saved. */
export interface PromptEnvironmentStats {
  compiles: number;
  cacheHits: number;
  cached: number;
}

// Handlebars' compiler classes are public on the instance but absent from its typings.
interface HandlebarsInternals {
  Compiler: new () => { compile(ast: unknown, options: CompileOptions): unknown };
  JavaScriptCompiler: new () => {
    compile(env: unknown, options: CompileOptions, context: undefined, asObject: true): unknown;
  };
}

/** Handlebars' parser module (`compiler/base.js`): the `parse` every Handlebars instance uses. */
interface HandlebarsParser {
  parse(input: string): hbs.AST.Program;
  parser: { lexer?: { yylloc?: { first_line: number; first_column: number } } };
}

/**
 * A private Handlebars instance with the prompt helpers, and a cache of compiled templates keyed
 * by a hash of (template text, compile options). Partials are compiled and cached like any
 * template and handed to each render, never registered globally, so prompts that use different
 * partials of the same name can share one environment.
 */
export class PromptEnvironment {
  #handlebars: typeof Handlebars | undefined;
  readonly #cache = new Map<string, CompiledTemplate>();
  readonly #cacheSize: number;
  #compiles = 0;
  #cacheHits = 0;

  constructor(options: PromptEnvironmentOptions = {}) {
    this.#cacheSize = options.cacheSize ?? 1000;
  }

  /** This environment's Handlebars, made on first need (see `loadHandlebars`). */
  get #hb(): typeof Handlebars {
    if (this.#handlebars === undefined) {
      this.#handlebars = loadHandlebars().create();
      this.#handlebars.registerHelper({ ...STATIC_HELPERS, ...MESSAGE_HELPER_STANDINS });
    }
    return this.#handlebars;
  }

  /** Compiles `content` (or returns the cached compile), reporting syntax errors with a position. */
  compile(content: string, options: TemplateOptions = {}): CompileResult {
    const compileOptions = compileOptionsFor(options);
    const key = createHash("sha256")
      .update(JSON.stringify(compileOptions))
      .update("\0")
      .update(content)
      .digest("base64url");
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.#cacheHits++;
      this.#cache.delete(key); // re-insert: Map order doubles as least-recently-used order
      this.#cache.set(key, cached);
      return { success: true, template: cached };
    }
    const result = this.#compileNow(content, compileOptions);
    if (result.success) {
      this.#compiles++;
      this.#cache.set(key, result.template);
      if (this.#cache.size > this.#cacheSize) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }
    return result;
  }

  /** Counts of compiles and cache hits, to check that repeated loads do not recompile. */
  stats(): PromptEnvironmentStats {
    return { compiles: this.#compiles, cacheHits: this.#cacheHits, cached: this.#cache.size };
  }

  /**
   * Parses `content` with Handlebars' own parser (so a syntax error is reported here, with its
   * line and column), then compiles it, except a template of only text and plain variables:
   * that renders by concatenation (`renderSimple`) and is compiled only if a render hands it a
   * value that is not a string, so a program whose templates are all plain loads Handlebars'
   * parser and never its compiler and runtime.
   */
  #compileNow(content: string, options: CompileOptions): CompileResult {
    const { parse, parser } = loadParser();
    let parsed: hbs.AST.Program;
    try {
      parsed = parse(content);
    } catch (error) {
      return syntaxFailure(error, parser);
    }
    // Outline first: the compiler mutates the tree (it adds an implicit context to `{{> p}}`).
    const ast = parsed as unknown as ProgramNode;
    const outline = outlineTemplate(ast);
    const simple = simpleTemplateOf(ast, HELPER_NAMES);
    if (simple !== undefined) {
      let compiled: RenderTemplate | undefined;
      const render: RenderTemplate = (context, runtimeOptions) => {
        compiled ??= this.#compileAst(parsed, options);
        return compiled(context, runtimeOptions);
      };
      return { success: true, template: { render, outline, simple } };
    }
    try {
      return {
        success: true,
        template: { render: this.#compileAst(parsed, options), outline, simple },
      };
    } catch (error) {
      return syntaxFailure(error, parser);
    }
  }

  /**
   * Runs Handlebars' two compiler passes over a parsed template. Handlebars.compile() would defer
   * them to the first render; here unknown helpers and bad blocks are load errors, and the first
   * render is cheap.
   */
  #compileAst(ast: hbs.AST.Program, options: CompileOptions): RenderTemplate {
    const hb = this.#hb;
    const internals = hb as unknown as HandlebarsInternals;
    const environment = new internals.Compiler().compile(ast, options);
    const spec = new internals.JavaScriptCompiler().compile(environment, options, undefined, true);
    return hb.template(spec as TemplateSpecification);
  }
}

// `noEscape`: prompts are not HTML, so `<b> & " '` must reach the model as written.
// `knownHelpersOnly`: a call to any helper not listed is a compile error, not a runtime lookup.
// No `strict`, `assumeObjects` or `compat`: absent optional variables render empty, and missing
// required ones are caught by validation with a clear message instead of a raw TypeError.
function compileOptionsFor(options: TemplateOptions): CompileOptions {
  const knownHelpers: Record<string, boolean> = { log: false, helperMissing: false };
  for (const name of KNOWN_HELPERS) knownHelpers[name] = true;
  for (const name of BUILTIN_HELPERS) knownHelpers[name] = true;
  return {
    data: true,
    noEscape: true,
    knownHelpersOnly: true,
    knownHelpers,
    preventIndent: options.preventIndent === true,
  };
}

function syntaxFailure(error: unknown, parser: HandlebarsParser["parser"]): CompileResult {
  const raw = error instanceof Error ? error.message : String(error);
  const detail = error as { lineNumber?: unknown; column?: unknown };
  if (typeof detail.lineNumber === "number") {
    const column = typeof detail.column === "number" ? detail.column + 1 : undefined;
    return { success: false, message: cleanMessage(raw), line: detail.lineNumber, column };
  }
  // Parse errors carry only "line N" in their text; the parser's lexer knows the column.
  const line = /Parse error on line (\d+)/.exec(raw)?.[1];
  const where = parser.lexer?.yylloc;
  if (line === undefined) return { success: false, message: cleanMessage(raw) };
  const column = where?.first_line === Number(line) ? where.first_column + 1 : undefined;
  return { success: false, message: cleanMessage(raw), line: Number(line), column };
}

function cleanMessage(message: string): string {
  const unknown = /unknown helper (\S+)/.exec(message)?.[1];
  if (unknown !== undefined) {
    return `Unknown helper "${unknown}". Prompts can use: ${[...KNOWN_HELPERS].join(", ")}.`;
  }
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(message);
  if (mismatch !== null) return `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}.`;
  const parse = /Expecting (.*), got '(\w+)'$/.exec(message);
  if (parse === null) return message.replace(/ - \d+:\d+$/, "");
  const [, expecting = "", got = ""] = parse;
  if (got === "EOF" && expecting.includes("OPEN_ENDBLOCK")) {
    return "a block opened with {{#…}} is never closed; add its {{/…}}.";
  }
  if (got === "OPEN_ENDBLOCK") return "this {{/…}} closes a block that was never opened.";
  if (got === "INVALID")
    return "unexpected text inside {{…}} (an unclosed mustache, or a stray character).";
  return `unexpected ${TOKENS[got] ?? got}.`;
}

// Names for the parser's tokens in the messages above.
const TOKENS: Readonly<Record<string, string>> = {
  EOF: "end of template",
  CLOSE: "}}",
  OPEN: "{{",
  OPEN_BLOCK: "{{#",
  OPEN_INVERSE: "{{^",
  INVERSE: "{{else}}",
  OPEN_PARTIAL: "{{>",
  ID: "a name",
  SEP: "a path separator",
};

/**
 * Handlebars, loaded on first need: templates of text and plain variables never need its
 * compiler and runtime, and importing it up front would slow every program's start (see
 * docs/benchmarks.md).
 */
function loadHandlebars(): typeof Handlebars {
  return createRequire(import.meta.url)("handlebars") as typeof Handlebars;
}

/**
 * Handlebars' parser alone (its `compiler/base.js`, the module whose `parse` every Handlebars
 * instance exposes), loaded on first need: a fifth of Handlebars' load time.
 */
function loadParser(): HandlebarsParser {
  parserModule ??= createRequire(import.meta.url)(
    "handlebars/dist/cjs/handlebars/compiler/base.js",
  ) as HandlebarsParser;
  return parserModule;
}

let parserModule: HandlebarsParser | undefined;

let shared: PromptEnvironment | undefined;

/** The environment prompts use when given none; created on first use, not on import. */
export function defaultPromptEnvironment(): PromptEnvironment {
  shared ??= new PromptEnvironment();
  return shared;
}
