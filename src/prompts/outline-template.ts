import { KNOWN_HELPERS, MESSAGE_HELPERS } from "./prompt-helpers.ts";
import type {
  BlockNode,
  ExpressionNode,
  HashNode,
  MustacheNode,
  PartialNode,
  PathNode,
  ProgramNode,
  StatementNode,
} from "./template-nodes.ts";

/** A place in a template: 1-based line and column. */
export interface TemplatePosition {
  line: number;
  column: number;
}

/** A variable of the template's own context: `{{name}}`, `{{#if name}}`, `{{@root.name}}`. */
export interface VariableUse extends TemplatePosition {
  name: string;
  /** True for `@root.x`, which names a root variable from any scope, even inside a partial. */
  viaRoot: boolean;
}

/** A `{{> partial}}` call. */
export interface PartialUse extends TemplatePosition {
  name: string;
  /** `{{> (lookup . "x")}}`: the name is computed at render time and cannot be checked. */
  dynamic: boolean;
  /** The partial sees this template's own context (no context argument, not inside `#each`). */
  inheritsContext: boolean;
  /** `{{> p key=value}}` keys, which the partial sees as variables. */
  hashKeys: readonly string[];
  /** `{{#> p}}fallback{{/p}}` renders its block when the partial does not exist. */
  hasFallback: boolean;
}

/** A use of `{{role}}`, `{{history}}` or `{{media}}`; `literal` is a string-literal argument. */
export interface MessageHelperUse extends TemplatePosition {
  name: string;
  literal?: string;
}

/** A read of `@` data that only a render context gives: `{{@state.step}}` reads `state`. */
export interface ContextDataUse extends TemplatePosition {
  name: string;
}

/** What a template refers to, found by walking its syntax tree once. */
export interface TemplateOutline {
  variables: VariableUse[];
  partials: PartialUse[];
  inlinePartials: string[];
  messageHelpers: MessageHelperUse[];
  contextData: ContextDataUse[];
}

// Blocks that keep the current context; every other block (`each`, `with`, a mustache section
// like `{{#items}}`) renders its body against something else, so names there are not root names.
const CONTEXT_KEEPING = new Set(["if", "unless", "ifEquals", "unlessEquals"]);
const MESSAGE_HELPER_NAMES: ReadonlySet<string> = new Set(MESSAGE_HELPERS);

// The `@` data Handlebars itself gives (`@partial-block` to partials, `@_parent` to nested blocks).
const HANDLEBARS_DATA: ReadonlySet<string> = new Set([
  "root",
  "index",
  "key",
  "first",
  "last",
  "level",
  "partial-block",
  "_parent",
]);

interface Frame {
  initial: boolean;
  blockParams: readonly string[];
}

/**
 * Lists the root variables, partial calls, message helpers and render-context reads of a parsed
 * template. `customHelpers` are names that call a helper even when written alone, like the
 * built-in `{{history}}`, so `{{list}}` is a call and not the variable `list`.
 */
export function outlineTemplate(
  program: ProgramNode,
  customHelpers: ReadonlySet<string>,
): TemplateOutline {
  const outline: TemplateOutline = {
    variables: [],
    partials: [],
    inlinePartials: [],
    messageHelpers: [],
    contextData: [],
  };
  const frames: Frame[] = [{ initial: true, blockParams: [] }];
  // Inside a custom block helper, `@` data may be what the helper gives its block.
  let customBlocks = 0;

  const position = (node: { loc?: { start: { line: number; column: number } } }) => ({
    line: node.loc?.start.line ?? 1,
    column: (node.loc?.start.column ?? 0) + 1,
  });

  const visitPath = (path: PathNode) => {
    if (path.data) {
      const [head, name] = path.parts;
      if (head === "root" && name !== undefined) {
        outline.variables.push({ name, viaRoot: true, ...position(path) });
      } else if (head !== undefined && !HANDLEBARS_DATA.has(head) && customBlocks === 0) {
        outline.contextData.push({ name: head, ...position(path) });
      }
      return;
    }
    const name = path.parts[0];
    if (name === undefined) return;
    const scoped = /^(this\b|\.)/.test(path.original);
    if (!scoped && path.depth === 0 && frames.some((f) => f.blockParams.includes(name))) return;
    const frame = frames[frames.length - 1 - path.depth];
    if (frame?.initial) outline.variables.push({ name, viaRoot: false, ...position(path) });
  };

  const visitExpression = (node: ExpressionNode) => {
    if (node.type === "PathExpression") visitPath(node);
    else if (node.type === "SubExpression") visitCall(node.params, node.hash);
  };

  const visitCall = (params: readonly ExpressionNode[], hash: HashNode | undefined) => {
    for (const param of params) visitExpression(param);
    for (const pair of hash?.pairs ?? []) visitExpression(pair.value);
  };

  const helperName = (node: MustacheNode | BlockNode): string | undefined => {
    const path = node.path;
    if (path.type !== "PathExpression" || path.data || path.parts.length !== 1) return undefined;
    if (/^(this\b|\.)/.test(path.original)) return undefined;
    const name = path.parts[0] ?? "";
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    return hasArgs || KNOWN_HELPERS.has(name) || customHelpers.has(name) ? name : undefined;
  };

  const visitMustache = (node: MustacheNode) => {
    const helper = helperName(node);
    if (helper === undefined) {
      if (node.path.type === "PathExpression") visitPath(node.path);
      return;
    }
    if (MESSAGE_HELPER_NAMES.has(helper)) {
      const first = node.params[0];
      const use: MessageHelperUse = { name: helper, ...position(node) };
      if (first?.type === "StringLiteral" && typeof first.value === "string") {
        use.literal = first.value;
      }
      outline.messageHelpers.push(use);
    }
    visitCall(node.params, node.hash);
  };

  const visitBlock = (node: BlockNode) => {
    if (node.type === "DecoratorBlock") {
      const first = node.params[0];
      if (first?.type === "StringLiteral") outline.inlinePartials.push(String(first.value));
      if (node.program) visitProgram(node.program, false);
      return;
    }
    const helper = helperName(node);
    if (helper === undefined && node.path.type === "PathExpression") visitPath(node.path);
    visitCall(node.params, node.hash);
    const keepsContext = helper !== undefined && CONTEXT_KEEPING.has(helper);
    const custom = helper !== undefined && customHelpers.has(helper) ? 1 : 0;
    customBlocks += custom;
    if (node.program) visitProgram(node.program, !keepsContext);
    if (node.inverse) visitProgram(node.inverse, false);
    customBlocks -= custom;
  };

  const visitPartial = (node: PartialNode) => {
    visitCall(node.params, node.hash);
    const name = node.name;
    const hasFallback = node.type === "PartialBlockStatement";
    if (node.program) visitProgram(node.program, false);
    if (name.type === "PathExpression" && name.data) return; // {{> @partial-block}}
    outline.partials.push({
      name:
        name.type === "PathExpression"
          ? name.original
          : name.type === "SubExpression"
            ? ""
            : String(name.value ?? ""),
      dynamic: name.type === "SubExpression",
      inheritsContext: node.params.length === 0 && frames.length === 1,
      hashKeys: (node.hash?.pairs ?? []).map((p) => p.key),
      hasFallback,
      ...position(node),
    });
  };

  const visitStatement = (node: StatementNode) => {
    switch (node.type) {
      case "MustacheStatement":
      case "Decorator":
        return visitMustache(node);
      case "BlockStatement":
      case "DecoratorBlock":
        return visitBlock(node);
      case "PartialStatement":
      case "PartialBlockStatement":
        return visitPartial(node);
      case "ContentStatement":
      case "CommentStatement":
        return;
      default: {
        const unreachable: never = node;
        throw new TypeError(`Unknown template node ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const visitProgram = (program: ProgramNode, changesContext: boolean) => {
    if (changesContext) frames.push({ initial: false, blockParams: program.blockParams ?? [] });
    for (const statement of program.body) visitStatement(statement);
    if (changesContext) frames.pop();
  };

  visitProgram(program, false);
  return outline;
}
