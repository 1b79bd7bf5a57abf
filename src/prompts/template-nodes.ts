/**
 * The Handlebars AST nodes the prompt analysis reads, as a discriminated union. Handlebars' own
 * typings give every node only `type: string`, so `hb.parse()` output is narrowed here once.
 */

/** A source position as Handlebars reports it: 1-based line, 0-based column. */
export interface NodePosition {
  line: number;
  column: number;
}

interface BaseNode {
  loc?: { start: NodePosition };
}

/** `{{a.b}}`, `{{../x}}`, `{{@root.y}}`, `{{this}}`. */
export interface PathNode extends BaseNode {
  type: "PathExpression";
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}

/** `(helper arg key=value)`. */
export interface SubExpressionNode extends BaseNode {
  type: "SubExpression";
  path: PathNode;
  params: ExpressionNode[];
  hash?: HashNode;
}

/** A literal argument: `"text"`, `3`, `true`, `null`, `undefined`. */
export interface LiteralNode extends BaseNode {
  type: "StringLiteral" | "NumberLiteral" | "BooleanLiteral" | "NullLiteral" | "UndefinedLiteral";
  value?: string | number | boolean;
}

/** Anything that can be a helper argument. */
export type ExpressionNode = PathNode | SubExpressionNode | LiteralNode;

/** `key=value` arguments. */
export interface HashNode extends BaseNode {
  type: "Hash";
  pairs: { key: string; value: ExpressionNode }[];
}

/** A list of statements, the body of a template or of a block. */
export interface ProgramNode extends BaseNode {
  type: "Program";
  body: StatementNode[];
  blockParams?: string[];
}

/** `{{x}}`, `{{{x}}}`, `{{helper x}}`, and `{{*decorator}}`. */
export interface MustacheNode extends BaseNode {
  type: "MustacheStatement" | "Decorator";
  path: PathNode | LiteralNode;
  params: ExpressionNode[];
  hash?: HashNode;
}

/** `{{#helper x}}…{{else}}…{{/helper}}`, and `{{#*inline "name"}}…{{/inline}}`. */
export interface BlockNode extends BaseNode {
  type: "BlockStatement" | "DecoratorBlock";
  path: PathNode | LiteralNode;
  params: ExpressionNode[];
  hash?: HashNode;
  program?: ProgramNode;
  inverse?: ProgramNode;
}

/** `{{> name context key=value}}` and `{{#> name}}fallback{{/name}}`. */
export interface PartialNode extends BaseNode {
  type: "PartialStatement" | "PartialBlockStatement";
  name: PathNode | SubExpressionNode | LiteralNode;
  params: ExpressionNode[];
  hash?: HashNode;
  program?: ProgramNode;
}

/** Literal text, as it renders (the parser has already applied whitespace control). */
export interface ContentNode extends BaseNode {
  type: "ContentStatement";
  value: string;
}

/** `{{! comments }}`. */
export interface CommentNode extends BaseNode {
  type: "CommentStatement";
}

/** Any statement of a program. */
export type StatementNode = MustacheNode | BlockNode | PartialNode | ContentNode | CommentNode;
