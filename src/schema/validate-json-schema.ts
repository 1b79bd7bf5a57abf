import { MAX_JSON_DEPTH, nestedDeeperThan, plainCopy } from "../messages/json.ts";
import {
  type CompiledSchema,
  compileSchema,
  type SchemaDefinitionProblem,
} from "./compile-schema.ts";
import { convertLossless, dropAbsentNulls } from "./prepare-value.ts";
import { problemsFromAjv, type SchemaProblem } from "./schema-problem.ts";

/** Options of `validateJsonSchema`. */
export interface ValidateJsonSchemaOptions {
  /**
   * Convert where nothing is lost when the value fails as given (`"3"` → 3, `"true"` → true,
   * JSON text → an array or object, 5 → `"5"`), then validate again: what task inputs get.
   * @default false
   */
  convert?: boolean;
  /**
   * A `null` for an optional property whose schema does not accept null counts as absent (its
   * default applies): what tool arguments and prompt values get. @default false
   */
  nullAsAbsent?: boolean;
}

/** The value validated (a copy, with defaults filled in), or every problem found. */
export type JsonSchemaValidation =
  | { success: true; value: unknown }
  | { success: false; problems: SchemaProblem[] };

/**
 * Validates a value against a JSON Schema (draft-04 to 2020-12; `$ref`/`$defs`, `anyOf`/`oneOf`,
 * nullable types, `additionalProperties`, formats): compiled once per schema object, with
 * `default`s filled in on a copy, so the value passed in is never changed. The one validator of
 * tool arguments, task inputs and prompt values. Throws a TypeError when the schema itself is
 * invalid (a bad `pattern`, a `$ref` that points nowhere).
 */
export function validateJsonSchema(
  schema: object | boolean,
  value: unknown,
  options: ValidateJsonSchemaOptions = {},
): JsonSchemaValidation {
  return validateCompiled(compileOrThrow(schema), value, options);
}

/** The compiled schema, or a TypeError naming what is wrong with it. */
export function compileOrThrow(schema: object | boolean): CompiledSchema {
  const result = compileSchema(schema);
  if (result.success) return result.compiled;
  throw new TypeError(definitionProblemsText(result.problems));
}

/** `properties.code: pattern "([a-z" is not a valid regular expression (…)`, joined with "; ". */
export function definitionProblemsText(
  problems: readonly SchemaDefinitionProblem[],
  prefix = "",
): string {
  return problems
    .map(({ at, message }) => {
      const where = [prefix, at].filter((p) => p !== "").join(".");
      return where === "" ? message : `${where}: ${message}`;
    })
    .join("; ");
}

/** Options of `validateCompiled`. */
export interface ValidateCompiledOptions extends ValidateJsonSchemaOptions {
  /** The caller owns `value` (a fresh copy, checked for depth): it is validated in place. */
  owned?: boolean;
  /** Validate against the part of the schema at this JSON Pointer (`/properties/count`). */
  pointer?: string;
}

/** `validateJsonSchema` over a schema compiled already. */
export function validateCompiled(
  compiled: CompiledSchema,
  value: unknown,
  options: ValidateCompiledOptions = {},
): JsonSchemaValidation {
  const { convert = false, nullAsAbsent = false, owned = false, pointer = "" } = options;
  const validate = pointer === "" ? compiled.validate : compiled.at(pointer);
  if (!owned && nestedDeeperThan(value)) {
    const expected = `nested at most ${MAX_JSON_DEPTH} levels deep`;
    return { success: false, problems: [{ path: [], expected, missing: false, received: value }] };
  }
  const given = nullAsAbsent && pointer === "" ? dropAbsentNulls(value, compiled.schema) : value;
  // Validation fills defaults in: on a copy, unless the value is the caller's to change or there
  // is nothing to fill.
  let checked = owned || !(compiled.fillsDefaults || convert) ? given : plainCopy(given);
  if (validate(checked) === true) return { success: true, value: checked };
  if (convert) {
    const converted = convertLossless(plainCopy(given), compiled, pointer);
    if (!converted.success) return { success: false, problems: [converted.problem] };
    checked = converted.value;
    if (validate(checked) === true) return { success: true, value: checked };
  }
  return {
    success: false,
    problems: problemsFromAjv(validate.errors ?? [], checked, compiled.schema),
  };
}
