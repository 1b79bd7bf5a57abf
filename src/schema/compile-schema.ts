import {
  compilePattern,
  type Dialect,
  dialectOf,
  type ValidateFunction,
  type Validator,
  validatorFor,
} from "./load-validator.ts";
import { isSchemaObject, pointerToken, type SchemaNode } from "./local-ref.ts";

/** A JSON Schema compiled once: its validator, and validators of its parts on demand. */
export interface CompiledSchema {
  /** The schema as given. */
  readonly schema: SchemaNode;
  readonly dialect: Dialect;
  /** True when the schema declares a `default` anywhere: validation may then add values. */
  readonly fillsDefaults: boolean;
  /** Validates `value` in place (defaults are filled in): pass a value you own. */
  readonly validate: ValidateFunction;
  /** The validator of the part at `pointer` (`/properties/id/anyOf/0`), compiled on first use. */
  at(pointer: string): ValidateFunction;
}

/** What is wrong with a schema: where (`properties.code`, "" for the root) and what. */
export interface SchemaDefinitionProblem {
  at: string;
  message: string;
}

/** A compiled schema, or what is wrong with it. */
export type CompileResult =
  | { success: true; compiled: CompiledSchema }
  | { success: false; problems: readonly SchemaDefinitionProblem[] };

/** The dialects tried, in order, for a schema that names none with `$schema`. */
const FALLBACK_DIALECTS: readonly Dialect[] = ["2020-12", "draft-07", "draft-04"];

const compiledSchemas = new WeakMap<object, CompileResult>();
let nextKey = 0;

/**
 * Drops what a compiled schema left in ajv's registry once the schema it was made from is
 * collected: ajv keeps every schema it compiled, so schemas made per request would pile up.
 */
const registrations = new FinalizationRegistry<{ ajv: Validator; keys: string[] }>(
  ({ ajv, keys }) => {
    for (const key of keys) ajv.removeSchema(key);
  },
);

/**
 * Compiles a JSON Schema once per schema object (cached in a WeakMap), in the dialect its
 * `$schema` names; without one, as 2020-12, else draft-07, else draft-04 — the first whose
 * meta-schema accepts it, so draft-07 tuples (`items: [...]`) and draft-04's boolean
 * `exclusiveMinimum` (OpenAPI 3.0) are read as their authors meant. Never throws: an invalid
 * schema (a bad `pattern`, a `$ref` that points nowhere, a keyword of the wrong type) comes back
 * as its problems.
 */
export function compileSchema(schema: object | boolean): CompileResult {
  if (typeof schema === "boolean") return compileSchema(schema ? TRUE_SCHEMA : FALSE_SCHEMA);
  if (!isSchemaObject(schema)) {
    return { success: false, problems: [{ at: "", message: "a schema must be an object" }] };
  }
  const known = compiledSchemas.get(schema);
  if (known !== undefined) return known;
  const result = compile(schema);
  compiledSchemas.set(schema, result);
  return result;
}

const TRUE_SCHEMA = Object.freeze({});
const FALSE_SCHEMA = Object.freeze({ not: {} });

function compile(schema: Readonly<Record<string, unknown>>): CompileResult {
  const patterns = patternProblems(schema, "");
  if (patterns.length > 0) return { success: false, problems: patterns };
  // ajv holds on to what it compiles: it gets a copy, so the caller's schema can be collected.
  const copy = structuredClone(schema) as Record<string, unknown>;
  const declared = typeof copy.$schema === "string" ? dialectOf(copy.$schema) : undefined;
  if (declared === undefined) delete copy.$schema;
  const dialect =
    declared ??
    FALLBACK_DIALECTS.find((d) => validatorFor(d).validateSchema(copy) === true) ??
    "2020-12";
  const ajv = validatorFor(dialect);
  const key = `alice-schema-${nextKey++}`;
  const keys = [key];
  let validate: ValidateFunction;
  try {
    forgetSameId(ajv, copy);
    ajv.addSchema(copy, key);
    const found = ajv.getSchema(key);
    if (found === undefined) throw new Error("the schema could not be compiled");
    validate = found as ValidateFunction;
  } catch (error) {
    ajv.removeSchema(key);
    return { success: false, problems: [{ at: "", message: definitionMessage(ajv, error) }] };
  }
  const fragments = new Map<string, ValidateFunction>();
  const compiled: CompiledSchema = {
    schema,
    dialect,
    fillsDefaults: declaresDefault(schema),
    validate,
    at(pointer) {
      let fragment = fragments.get(pointer);
      if (fragment === undefined) {
        const ref = `${key}#${pointer.split("/").map(encodeURIComponent).join("/")}`;
        fragment = ajv.getSchema(ref) as ValidateFunction | undefined;
        if (fragment === undefined) throw new TypeError(`No schema at ${pointer}.`);
        keys.push(ref);
        fragments.set(pointer, fragment);
      }
      return fragment;
    },
  };
  registrations.register(schema, { ajv, keys });
  return { success: true, compiled };
}

/** Two schemas with the same `$id` cannot sit in one registry: the newer one wins. */
function forgetSameId(ajv: Validator, schema: Readonly<Record<string, unknown>>): void {
  const id = typeof schema.$id === "string" ? schema.$id : schema.id;
  if (typeof id === "string" && id !== "" && ajv.getSchema(id) !== undefined) ajv.removeSchema(id);
}

function definitionMessage(ajv: Validator, error: unknown): string {
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0)
    return `it is not a valid JSON Schema: ${ajv.errorsText(errors, { dataVar: "schema" })}`;
  return error instanceof Error ? error.message : String(error);
}

/** Every `pattern` (and `patternProperties` key) that is no regular expression, with where. */
function patternProblems(node: unknown, at: string): SchemaDefinitionProblem[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => patternProblems(item, `${at}[${i}]`));
  if (!isSchemaObject(node)) return [];
  const problems: SchemaDefinitionProblem[] = [];
  const check = (pattern: string) => {
    try {
      compilePattern(pattern);
    } catch (error) {
      problems.push({ at, message: error instanceof Error ? error.message : String(error) });
    }
  };
  if (typeof node.pattern === "string") check(node.pattern);
  for (const [key, value] of Object.entries(node)) {
    // `default`, `enum`, `const` and `examples` hold data, not schemas.
    if (key === "default" || key === "enum" || key === "const" || key === "examples") continue;
    if (key === "patternProperties" && isSchemaObject(value))
      for (const p of Object.keys(value)) check(p);
    if (typeof value !== "object" || value === null) continue;
    const where =
      key === "properties" ||
      key === "$defs" ||
      key === "definitions" ||
      key === "patternProperties"
        ? at
        : key === "items"
          ? `${at}[]`
          : key === "additionalProperties"
            ? `${at === "" ? "" : `${at}.`}*`
            : `${at === "" ? "" : `${at}.`}${key}`;
    if (
      key === "properties" ||
      key === "$defs" ||
      key === "definitions" ||
      key === "patternProperties"
    ) {
      for (const [name, child] of Object.entries(value))
        problems.push(...patternProblems(child, at === "" ? name : `${at}.${name}`));
    } else {
      problems.push(...patternProblems(value, where));
    }
  }
  return problems;
}

/** True when a `default` is declared anywhere in the schema (data keywords not read). */
function declaresDefault(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(declaresDefault);
  if (!isSchemaObject(node)) return false;
  if (Object.hasOwn(node, "default")) return true;
  for (const [key, value] of Object.entries(node)) {
    if (key === "enum" || key === "const" || key === "examples") continue;
    if (typeof value === "object" && value !== null && declaresDefault(value)) return true;
  }
  return false;
}

/** The JSON Pointer of a property's schema: `/properties/a~1b`. */
export function propertyPointer(name: string): string {
  return `/properties/${pointerToken(name)}`;
}
