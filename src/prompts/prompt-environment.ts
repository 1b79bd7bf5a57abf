import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import { type CompileFailure, compileFailure, type ParserState } from "./compile-failure.ts";
import {
  checkHelperDefinition,
  type PromptHelper,
  type PromptHelpers,
  toHandlebarsHelper,
} from "./custom-helpers.ts";
import { outlineTemplate, type TemplateOutline } from "./outline-template.ts";
import { PromptError } from "./prompt-error.ts";
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
  /** The environment's custom helpers when it compiled the template: names that are not variables. */
  readonly customHelpers: ReadonlySet<string>;
}

/** The outcome of compiling a template text: the template, or where and why it failed. */
export type CompileResult = { success: true; template: CompiledTemplate } | CompileFailure;

/** Options of `new PromptEnvironment()`. */
export interface PromptEnvironmentOptions {
  /** How many compiled templates to keep; the least recently used go first. @default 1000 */
  cacheSize?: number;
  /** Custom helpers its templates may call, as `defineHelper()` adds them: `{ list: (items) => … }`. */
  helpers?: PromptHelpers;
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
  parser: ParserState;
}

/**
 * A private Handlebars instance with the prompt helpers and its own custom ones, and a cache of
 * compiled templates keyed by a hash of (template text, compile options). Partials are compiled
 * and cached like any template and handed to each render, never registered globally, so prompts
 * that use different partials of the same name can share one environment.
 */
export class PromptEnvironment {
  #handlebars: typeof Handlebars | undefined;
  readonly #cache = new Map<string, CompiledTemplate>();
  readonly #cacheSize: number;
  readonly #custom = new Map<string, PromptHelper>();
  #customNames: ReadonlySet<string> = new Set();
  #compiles = 0;
  #cacheHits = 0;

  constructor(options: PromptEnvironmentOptions = {}) {
    this.#cacheSize = options.cacheSize ?? 1000;
    for (const [name, helper] of Object.entries(options.helpers ?? {})) {
      this.defineHelper(name, helper);
    }
  }

  /** This environment's Handlebars, made on first need (see `loadHandlebars`). */
  get #hb(): typeof Handlebars {
    if (this.#handlebars === undefined) {
      this.#handlebars = loadHandlebars().create();
      this.#handlebars.registerHelper({ ...STATIC_HELPERS, ...MESSAGE_HELPER_STANDINS });
      for (const [name, helper] of this.#custom) {
        this.#handlebars.registerHelper(name, toHandlebarsHelper(name, helper));
      }
    }
    return this.#handlebars;
  }

  /**
   * Adds a helper templates compiled from now on may call, as Genkit's `ai.defineHelper()`:
   * `defineHelper("list", (items) => …)` makes `{{list ingredients}}` call it. Throws
   * PROMPT_INVALID for a name a template cannot call, the name of a built-in helper, or a name
   * already defined with a different function (defining the same function again does nothing).
   * Templates compiled earlier keep their meaning: the helper names are part of the cache key.
   */
  defineHelper(name: string, helper: PromptHelper): void {
    checkHelperDefinition(name, helper);
    const known = this.#custom.get(name);
    if (known === helper) return;
    if (known !== undefined) {
      throw new PromptError(
        "PROMPT_INVALID",
        `Helper "${name}" is already defined on this environment with a different function; a helper keeps one meaning. Use another name, or another PromptEnvironment.`,
      );
    }
    this.#custom.set(name, helper);
    this.#customNames = new Set([...this.#custom.keys()].sort());
    this.#handlebars?.registerHelper(name, toHandlebarsHelper(name, helper));
  }

  /** Compiles `content` (or returns the cached compile), reporting syntax errors with a position. */
  compile(content: string, options: TemplateOptions = {}): CompileResult {
    const compileOptions = compileOptionsFor(options, this.#customNames);
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
    const customHelpers = this.#customNames;
    let parsed: hbs.AST.Program;
    try {
      parsed = parse(content);
    } catch (error) {
      return compileFailure(error, parser, [...customHelpers]);
    }
    // Outline first: the compiler mutates the tree (it adds an implicit context to `{{> p}}`).
    const ast = parsed as unknown as ProgramNode;
    const outline = outlineTemplate(ast, customHelpers);
    const simple = simpleTemplateOf(ast, union(HELPER_NAMES, customHelpers));
    if (simple !== undefined) {
      let compiled: RenderTemplate | undefined;
      const render: RenderTemplate = (context, runtimeOptions) => {
        compiled ??= this.#compileAst(parsed, options);
        return compiled(context, runtimeOptions);
      };
      return { success: true, template: { render, outline, simple, customHelpers } };
    }
    try {
      const render = this.#compileAst(parsed, options);
      return { success: true, template: { render, outline, simple, customHelpers } };
    } catch (error) {
      return compileFailure(error, parser, [...customHelpers]);
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
// Custom helpers are known helpers too, so the cache key changes with them.
function compileOptionsFor(
  options: TemplateOptions,
  customHelpers: ReadonlySet<string>,
): CompileOptions {
  const knownHelpers: Record<string, boolean> = { log: false, helperMissing: false };
  for (const name of KNOWN_HELPERS) knownHelpers[name] = true;
  for (const name of BUILTIN_HELPERS) knownHelpers[name] = true;
  for (const name of customHelpers) knownHelpers[name] = true;
  return {
    data: true,
    noEscape: true,
    knownHelpersOnly: true,
    knownHelpers,
    preventIndent: options.preventIndent === true,
  };
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  return b.size === 0 ? a : new Set([...a, ...b]);
}

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
