import type { z } from "zod";
import { redactSecrets } from "../errors/redact-secrets.ts";
import { describeValue } from "../messages/json.ts";
import {
  declaredTypes,
  describeBounds,
  describeCount,
  describeEnum,
  describeProperty,
  describeSchema,
  describeTypes,
  kindOf,
} from "./describe-schema.ts";
import type { ErrorObject } from "./load-validator.ts";
import { isSchemaObject, type SchemaNode } from "./local-ref.ts";

/** Why a value does not match its schema: where, what was expected there, and what was found. */
export interface SchemaProblem {
  /** Keys and indexes from the root: `["user", "tags", 1]`; `[]` for the value itself. */
  path: readonly (string | number)[];
  /** What the schema expects there, in words: `an integer at least 1`, `one of "a", "b"`. */
  expected: string;
  /** True when a required property is absent (then `received` is undefined). */
  missing: boolean;
  /** The value found there. */
  received?: unknown;
}

/**
 * The problem to report first when one is reported: the one of the property declared first
 * (`properties` order), a missing one before a wrong one of the same property.
 */
export function firstDeclared(
  problems: readonly SchemaProblem[],
  properties: Readonly<Record<string, unknown>>,
): SchemaProblem {
  const order = Object.keys(properties);
  const rank = (p: SchemaProblem) => {
    const index = order.indexOf(String(p.path[0]));
    return (index === -1 ? order.length : index) * 2 + (p.missing ? 0 : 1);
  };
  const first = [...problems].sort((a, b) => rank(a) - rank(b))[0];
  return first ?? { path: [], expected: "a valid value", missing: false };
}

/** `user.tags[1]`; "" for the value itself. */
export function pathText(path: readonly (string | number)[]): string {
  let text = "";
  for (const key of path)
    text += typeof key === "number" ? `[${key}]` : text === "" ? key : `.${key}`;
  return text;
}

/** What a problem says after its path: `must be an integer; received "3.7" (a string)`, the received value redacted. */
export function problemMessage(problem: SchemaProblem): string {
  if (problem.missing) return `is missing (${problem.expected})`;
  return `must be ${problem.expected}; received ${redactSecrets(describeValue(problem.received))}`;
}

/** One problem as a line: `max_results: must be an integer at most 10; received 50 (a number)`. */
export function problemText(problem: SchemaProblem, root = "(value)"): string {
  return `${pathText(problem.path) || root}: ${problemMessage(problem)}`;
}

/**
 * The problems of an ajv validation, one per thing to fix: the branches of a failed `anyOf` or
 * `oneOf` become one problem listing the options; a missing property is named with what it must
 * be. `value` is the validated value (for array indexes), `root` the schema (for `$ref`s).
 */
export function problemsFromAjv(
  errors: readonly ErrorObject[],
  value: unknown,
  root: SchemaNode,
): SchemaProblem[] {
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const kept = errors.filter(
    (e) =>
      e.keyword !== "if" &&
      (e.params as { propertyName?: unknown }).propertyName === undefined &&
      !unions.some(
        (u) =>
          u !== e &&
          e.schemaPath.startsWith(`${u.schemaPath}/`) &&
          (e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`)),
      ),
  );
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of kept) {
    const problem = toProblem(error, value, root);
    const key = `${pathText(problem.path)}\n${problem.expected}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(error: ErrorObject, value: unknown, root: SchemaNode): SchemaProblem {
  const path = instancePath(error.instancePath, value);
  const schema = (isSchemaObject(error.parentSchema) ? error.parentSchema : {}) as Readonly<
    Record<string, unknown>
  >;
  const data = error.data;
  const params = error.params as Record<string, unknown>;
  const at = (expected: string): SchemaProblem => ({
    path,
    expected,
    missing: false,
    received: data,
  });
  switch (error.keyword) {
    case "type":
      return at(describeTypes(declaredTypes(schema)));
    case "required": {
      const name = String(params.missingProperty);
      const properties = isSchemaObject(schema.properties) ? schema.properties : {};
      const property = Object.hasOwn(properties, name)
        ? (properties[name] as SchemaNode)
        : undefined;
      return { path: [...path, name], expected: describeProperty(property, root), missing: true };
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = isSchemaObject(schema.properties) ? Object.keys(schema.properties) : [];
      const patterns = isSchemaObject(schema.patternProperties)
        ? Object.keys(schema.patternProperties).map((p) => `names matching /${p}/`)
        : [];
      const all = [...allowed, ...patterns];
      const item = isRecord(data) ? data[name] : undefined;
      return {
        path: [...path, name],
        expected: `absent (${all.length === 0 ? "no properties are allowed here" : `allowed: ${all.join(", ")}`})`,
        missing: false,
        received: item,
      };
    }
    case "enum":
      return at(describeEnum(Array.isArray(schema.enum) ? schema.enum : []));
    case "const":
      return at(`equal to ${JSON.stringify(schema.const)}`);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return at(describeBounds(schema, kindOf(schema, data)));
    case "multipleOf":
      return at(`${kindOf(schema, data)} that is a multiple of ${String(params.multipleOf)}`);
    case "minLength":
    case "maxLength":
      return at(
        describeCount(kindOf(schema, data), schema.minLength, schema.maxLength, "character"),
      );
    case "pattern":
      return at(`${kindOf(schema, data)} matching the pattern ${JSON.stringify(params.pattern)}`);
    case "format":
      return at(`${kindOf(schema, data)} in the "${String(params.format)}" format`);
    case "minItems":
    case "maxItems":
      return at(describeCount("an array", schema.minItems, schema.maxItems, "item"));
    case "additionalItems":
      return at(`an array of at most ${String(params.limit)} items`);
    case "uniqueItems":
      return at(
        `an array without duplicates (items ${String(params.j)} and ${String(params.i)} are equal)`,
      );
    case "minProperties":
    case "maxProperties":
      return at(describeCount("an object", schema.minProperties, schema.maxProperties, "property"));
    case "dependencies":
    case "dependentRequired":
      return at(
        `an object with "${String(params.missingProperty)}" when it has "${String(params.property)}"`,
      );
    case "contains":
      return at(
        `an array with an item that is ${describeSchema(schema.contains as SchemaNode, root)}`,
      );
    case "propertyNames":
      return at(
        `an object whose property names are ${describeSchema(schema.propertyNames as SchemaNode, root)}`,
      );
    case "not":
      return at(`not ${describeSchema(schema.not as SchemaNode, root)}`);
    case "anyOf":
      return at(describeOptions(schema.anyOf, root));
    case "oneOf": {
      const passing = params.passingSchemas;
      const options = describeOptions(schema.oneOf, root);
      return at(
        Array.isArray(passing)
          ? `exactly one of: ${options} (it matches ${passing.length})`
          : options,
      );
    }
    case "false schema":
      return at("absent (the schema allows no value here)");
    default:
      return at(`accepted by the schema's "${error.keyword}" (${error.message ?? "rejected"})`);
  }
}

function describeOptions(options: unknown, root: SchemaNode): string {
  return Array.isArray(options)
    ? options.map((o) => describeSchema(o as SchemaNode, root)).join(" or ")
    : "one of the schema's options";
}

/** ajv's `/user/tags/1` as keys and indexes, indexes where the value holds an array. */
function instancePath(pointer: string, value: unknown): (string | number)[] {
  if (pointer === "") return [];
  const path: (string | number)[] = [];
  let at: unknown = value;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const key = Array.isArray(at) && /^\d+$/.test(token) ? Number(token) : token;
    path.push(key);
    at =
      isRecord(at) || Array.isArray(at) ? (at as Record<string | number, unknown>)[key] : undefined;
  }
  return path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The problems of a zod validation, in the same shape: `expected` in words for the common
 * issues (types, enums, bounds), zod's own message for the others (a custom refinement's text).
 */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  value: unknown,
): SchemaProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map((k) => (typeof k === "number" ? k : String(k)));
    let received: unknown = value;
    for (const key of issue.path)
      received =
        typeof received === "object" && received !== null
          ? (received as Record<PropertyKey, unknown>)[key]
          : undefined;
    const detail = issue as {
      expected?: unknown;
      values?: readonly unknown[];
      origin?: string;
      minimum?: number | bigint;
      maximum?: number | bigint;
      inclusive?: boolean;
    };
    let expected = issue.message;
    if (issue.code === "invalid_type" && typeof detail.expected === "string") {
      if (received === undefined)
        return { path, expected: describeTypes([String(detail.expected)]), missing: true };
      expected = describeTypes([detail.expected === "int" ? "integer" : detail.expected]);
    } else if (issue.code === "invalid_value" && detail.values !== undefined) {
      expected = describeEnum(detail.values);
    } else if (issue.code === "too_small" || issue.code === "too_big") {
      expected = zodBound(issue.code, detail) ?? issue.message;
    }
    return { path, expected, missing: false, received };
  });
}

function zodBound(
  code: "too_small" | "too_big",
  detail: {
    origin?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    inclusive?: boolean;
  },
): string | undefined {
  const limit = Number(code === "too_small" ? detail.minimum : detail.maximum);
  const inclusive = detail.inclusive !== false;
  switch (detail.origin) {
    case "number":
    case "int": {
      const kind = "a number";
      const word =
        code === "too_small"
          ? inclusive
            ? "at least"
            : "greater than"
          : inclusive
            ? "at most"
            : "less than";
      return `${kind} ${word} ${limit}`;
    }
    case "string":
      return describeCount(
        "a string",
        code === "too_small" ? limit : undefined,
        code === "too_big" ? limit : undefined,
        "character",
      );
    case "array":
      return describeCount(
        "an array",
        code === "too_small" ? limit : undefined,
        code === "too_big" ? limit : undefined,
        "item",
      );
    default:
      return undefined;
  }
}
