import { isPlainObject } from "../messages/json.ts";
import { type ParameterDefinition, typeList } from "../schema/function-parameters.ts";

/** Why a value does not match its definition: where, and what was expected there. */
export interface ValueProblem {
  /** `name`, `user.tags[1]`. */
  path: string;
  expected: string;
  /** True when a required property is absent (rather than of the wrong type). */
  missing: boolean;
  /** The value found (undefined when missing). */
  received?: unknown;
}

/**
 * Checks `value` against a JSON-Schema-subset definition, strictly: `"3"` is not an integer and
 * `{a: 1}` is not a string. Nothing is converted, so what is checked is exactly what renders.
 * `null` passes for a property that is not required (it renders empty, like an absent one).
 */
export function checkValue(
  value: unknown,
  definition: ParameterDefinition,
  path: string,
): ValueProblem | undefined {
  const fail = (expected: string): ValueProblem => ({
    path,
    expected,
    missing: false,
    received: value,
  });
  if (definition.enum !== undefined && definition.enum.length > 0) {
    const ok = definition.enum.some((option) => sameJson(option, value));
    return ok
      ? undefined
      : fail(`one of ${definition.enum.map((o) => JSON.stringify(o)).join(", ")}`);
  }
  if (definition.anyOf !== undefined && definition.anyOf.length > 0) {
    const problems = definition.anyOf.map((d) => checkValue(value, d, path));
    if (problems.some((p) => p === undefined)) return undefined;
    return fail(problems.map((p) => p?.expected).join(" or "));
  }
  const types = typeList(definition.type);
  if (types.length === 0) return undefined;
  if (value === null) return types.includes("null") ? undefined : fail(describeTypes(types));
  for (const type of types) {
    switch (type) {
      case "string":
      case "boolean":
        if (typeof value === type) return undefined;
        break;
      case "number":
        if (typeof value === "number" && Number.isFinite(value)) return undefined;
        break;
      case "integer":
        if (Number.isInteger(value)) return undefined;
        break;
      case "array":
        if (Array.isArray(value)) return checkItems(value, definition, path);
        break;
      case "object":
        if (isPlainObject(value)) return checkObject(value, definition, path);
        break;
      case "null":
        break;
    }
  }
  return fail(describeTypes(types));
}

function checkItems(items: readonly unknown[], definition: ParameterDefinition, path: string) {
  if (definition.items === undefined) return undefined;
  for (const [index, item] of items.entries()) {
    const problem = checkValue(item, definition.items, `${path}[${index}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkObject(
  object: Readonly<Record<string, unknown>>,
  definition: ParameterDefinition,
  path: string,
): ValueProblem | undefined {
  const properties = definition.properties ?? {};
  const required = definition.required ?? [];
  const prefix = path === "" ? "" : `${path}.`;
  for (const [key, property] of Object.entries(properties)) {
    const value = Object.hasOwn(object, key) ? object[key] : undefined;
    if (value === undefined || (value === null && !required.includes(key))) {
      if (required.includes(key)) {
        return { path: `${prefix}${key}`, expected: describeDefinition(property), missing: true };
      }
      continue;
    }
    const problem = checkValue(value, property, `${prefix}${key}`);
    if (problem !== undefined) return problem;
  }
  const extra = definition.additionalProperties;
  if (extra === undefined || extra === true) return undefined;
  for (const [key, value] of Object.entries(object)) {
    if (Object.hasOwn(properties, key)) continue;
    if (extra === false) {
      const declared = Object.keys(properties).join(", ") || "none";
      return {
        path: `${prefix}${key}`,
        expected: `no such property (declared: ${declared})`,
        missing: false,
        received: value,
      };
    }
    const problem = checkValue(value, extra, `${prefix}${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** A readable description of what a definition accepts: `a string ("the user's name")`. */
export function describeDefinition(definition: ParameterDefinition): string {
  let text: string;
  if (definition.enum !== undefined && definition.enum.length > 0) {
    text = `one of ${definition.enum.map((o) => JSON.stringify(o)).join(", ")}`;
  } else {
    const types = typeList(definition.type);
    text = types.length === 0 ? "any value" : describeTypes(types);
  }
  return definition.description === undefined ? text : `${text}: ${definition.description}`;
}

function describeTypes(types: readonly string[]): string {
  return types
    .map((t) =>
      t === "null"
        ? "null"
        : t === "integer" || t === "array" || t === "object"
          ? `an ${t}`
          : `a ${t}`,
    )
    .join(" or ");
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
