import type { JsonValue } from "../messages/json.ts";
import { type PropertyNode, printType, type TypeNode } from "./prompt-types-print.ts";

/** How a JSON Schema becomes a type: inputs accept readonly arrays, outputs are parsed JSON. */
export interface SchemaTypeOptions {
  readonlyArrays: boolean;
  /** The schema `$ref`s point into (`#/$defs/Address`). @default the schema itself */
  root?: unknown;
}

const UNKNOWN: TypeNode = { kind: "name", name: "unknown" };
const NEVER: TypeNode = { kind: "name", name: "never" };
// Deeper than any schema written by hand; only a cyclic object made in code gets here.
const MAX_DEPTH = 64;

interface Walk extends SchemaTypeOptions {
  root: unknown;
  /** The `$ref`s being expanded, to stop at a recursive one. */
  refs: readonly string[];
  depth: number;
}

/**
 * The TypeScript type of the values a JSON Schema accepts: `type` (also as a list, so `null`
 * makes a union), `enum` and `const` as literal unions, `properties` with `required`,
 * `additionalProperties` as an index signature, `items`, `anyOf`/`oneOf` as unions, `allOf` as an
 * intersection, local `$ref`s expanded. Anything else, and a recursive `$ref`, is `unknown`.
 */
export function schemaType(schema: unknown, options: SchemaTypeOptions): TypeNode {
  return typeOf(schema, { ...options, root: options.root ?? schema, refs: [], depth: 0 });
}

function typeOf(schema: unknown, walk: Walk): TypeNode {
  if (schema === false) return NEVER;
  if (!isRecord(schema) || walk.depth > MAX_DEPTH) return UNKNOWN;
  const next = { ...walk, depth: walk.depth + 1 };
  if (typeof schema.$ref === "string") return refType(schema.$ref, next);
  if ("const" in schema) return literal(schema.const as JsonValue);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return union(schema.enum.map((value: JsonValue) => literal(value)));
  }
  const parts: TypeNode[] = [];
  const declared = declaredType(schema, next);
  if (declared !== undefined) parts.push(declared);
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0)
      parts.push(union(options.map((option) => typeOf(option, next))));
  }
  if (Array.isArray(schema.allOf)) parts.push(...schema.allOf.map((part) => typeOf(part, next)));
  return parts.length === 0 ? UNKNOWN : intersection(parts);
}

/** The type its `type` keyword says (or implies, by `properties` or `items`); undefined if none. */
function declaredType(schema: Readonly<Record<string, unknown>>, walk: Walk): TypeNode | undefined {
  let types: readonly unknown[];
  if (typeof schema.type === "string") types = [schema.type];
  else if (Array.isArray(schema.type)) types = schema.type;
  else if (isRecord(schema.properties) || schema.additionalProperties !== undefined)
    types = ["object"];
  else if (schema.items !== undefined) types = ["array"];
  else return undefined;
  const members = types.map((type): TypeNode => {
    switch (type) {
      case "string":
      case "boolean":
      case "null":
        return { kind: "name", name: type };
      case "number":
      case "integer":
        return { kind: "name", name: "number" };
      case "array":
        return {
          kind: "array",
          // A list of schemas is a draft-4 tuple; its items are not all one type.
          element: Array.isArray(schema.items) ? UNKNOWN : typeOf(schema.items ?? true, walk),
          readonly: walk.readonlyArrays,
        };
      case "object":
        return objectType(schema, walk);
      default:
        return UNKNOWN;
    }
  });
  // OpenAPI's (and zod's openapi target's) way to say "or null".
  if (schema.nullable === true) members.push({ kind: "name", name: "null" });
  return union(members);
}

/** A nested object: optional unless `required`, other keys as `additionalProperties` says. */
function objectType(schema: Readonly<Record<string, unknown>>, walk: Walk): TypeNode {
  const required = Array.isArray(schema.required) ? schema.required : [];
  const properties = Object.entries(isRecord(schema.properties) ? schema.properties : {}).map(
    ([name, property]): PropertyNode => ({
      name,
      optional: !required.includes(name),
      type: typeOf(property, walk),
      doc: schemaDoc(property),
    }),
  );
  const extra = schema.additionalProperties;
  if (extra === false) return closedObject(properties);
  const index = extra === undefined || extra === true ? UNKNOWN : typeOf(extra, walk);
  return withIndex(properties, index);
}

/** An object type with exactly these properties (`Record<string, never>` when there are none). */
export function closedObject(properties: readonly PropertyNode[]): TypeNode {
  return properties.length === 0
    ? { kind: "object", properties, index: NEVER }
    : { kind: "object", properties };
}

/** Declared properties plus an index signature wide enough to hold them, as TypeScript requires. */
function withIndex(properties: readonly PropertyNode[], index: TypeNode): TypeNode {
  const members = [index, ...properties.map((p) => p.type)];
  if (properties.some((p) => p.optional)) members.push({ kind: "name", name: "undefined" });
  return { kind: "object", properties, index: union(members) };
}

function refType(ref: string, walk: Walk): TypeNode {
  if (walk.refs.includes(ref) || !ref.startsWith("#")) return UNKNOWN;
  let target: unknown = walk.root;
  for (const part of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~");
    target = isRecord(target) && Object.hasOwn(target, key) ? target[key] : undefined;
  }
  return target === undefined ? UNKNOWN : typeOf(target, { ...walk, refs: [...walk.refs, ref] });
}

function literal(value: JsonValue): TypeNode {
  if (value === null) return { kind: "name", name: "null" };
  if (typeof value === "object") return UNKNOWN;
  return { kind: "literal", value };
}

/** A union, flattened, deduplicated, `never` dropped; `unknown` absorbs it. */
export function union(members: readonly TypeNode[]): TypeNode {
  const flat = members.flatMap((m) => (m.kind === "union" ? m.members : [m]));
  if (flat.some((m) => m.kind === "name" && m.name === "unknown")) return UNKNOWN;
  const seen = new Map<string, TypeNode>();
  for (const m of flat)
    if (!(m.kind === "name" && m.name === "never")) seen.set(printType(m, ""), m);
  const unique = [...seen.values()];
  if (unique.length === 0) return NEVER;
  return unique.length === 1 ? unique[0]! : { kind: "union", members: unique };
}

function intersection(members: readonly TypeNode[]): TypeNode {
  const flat = members
    .flatMap((m) => (m.kind === "intersection" ? m.members : [m]))
    .filter((m) => !(m.kind === "name" && m.name === "unknown"));
  if (flat.some((m) => m.kind === "name" && m.name === "never")) return NEVER;
  if (flat.length === 0) return UNKNOWN;
  return flat.length === 1 ? flat[0]! : { kind: "intersection", members: flat };
}

/** TSDoc lines of a schema: its description, then `@default`. */
export function schemaDoc(schema: unknown, defaultValue?: unknown): string[] {
  if (!isRecord(schema)) return [];
  const lines = typeof schema.description === "string" ? schema.description.split(/\r?\n/) : [];
  const value = defaultValue !== undefined ? defaultValue : schema.default;
  if (value !== undefined) lines.push(`@default ${JSON.stringify(value)}`);
  return lines;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
