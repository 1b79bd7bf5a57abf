import { createRequire } from "node:module";
import type { Ajv, ErrorObject, Options, ValidateFunction } from "ajv";

/** The JSON Schema dialects validated: drafts 4, 6, 7, 2019-09 and 2020-12. */
export type Dialect = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

/** One ajv instance (any dialect), as this module uses it. */
export type Validator = Ajv;
export type { ErrorObject, ValidateFunction };

/** The dialect a `$schema` URI names, or undefined when it names none we know. */
export function dialectOf(uri: string): Dialect | undefined {
  if (/json-schema\.org\/draft-04\/schema/.test(uri)) return "draft-04";
  if (/json-schema\.org\/draft-06\/schema/.test(uri)) return "draft-06";
  if (/json-schema\.org\/draft-07\/schema/.test(uri)) return "draft-07";
  if (/json-schema\.org\/draft\/2019-09\/schema/.test(uri)) return "2019-09";
  if (/json-schema\.org\/draft\/2020-12\/schema/.test(uri)) return "2020-12";
  return undefined;
}

/**
 * Compiles a JSON Schema `pattern`: with the `u` flag (JSON Schema's Unicode semantics) when the
 * pattern allows it, else as written (patterns such as `\_` are only valid without it). Compiled
 * once per pattern; no "g" flag, so a shared RegExp keeps no state between tests.
 */
export function compilePattern(pattern: string): RegExp {
  const known = compiledPatterns.get(pattern);
  if (known !== undefined) return known;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    try {
      regex = new RegExp(pattern);
    } catch (error) {
      throw new TypeError(
        `pattern ${JSON.stringify(pattern)} is not a valid regular expression (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }
  compiledPatterns.set(pattern, regex);
  return regex;
}

const compiledPatterns = new Map<string, RegExp>();

/** ajv's hook for `pattern` and `patternProperties`: ours, so both read a pattern the same way. */
const regExp = Object.assign((pattern: string) => compilePattern(pattern), { code: "new RegExp" });

/**
 * The options every instance shares. `strict: false`: schemas from MCP servers and OpenAPI
 * documents carry keywords of their own (`x-…`, `example`) and formats nobody registered, which
 * are ignored, not refused. `allErrors`: every problem at once, so a model fixes its arguments in
 * one turn. `verbose`: errors carry their schema and data, for the messages.
 */
const OPTIONS: Options = {
  strict: false,
  logger: false,
  allErrors: true,
  verbose: true,
  useDefaults: true,
  ownProperties: true,
  code: { regExp },
};

const instances = new Map<Dialect, Validator>();

/**
 * The validator of a dialect, made on first need: ajv is loaded only when a JSON Schema is
 * validated (tools written in zod and tasks without inputs never load it), the way Handlebars is.
 */
export function validatorFor(dialect: Dialect): Validator {
  // Draft 6 is read by the draft-07 instance, which knows its meta-schema.
  const key = dialect === "draft-06" ? "draft-07" : dialect;
  let ajv = instances.get(key);
  if (ajv === undefined) {
    ajv = create(key);
    instances.set(key, ajv);
  }
  return ajv;
}

function create(dialect: Dialect): Validator {
  const require = createRequire(import.meta.url);
  type AjvClass = new (options: Options) => Validator;
  const load = (id: string) => (require(id) as { default: AjvClass }).default;
  let ajv: Validator;
  switch (dialect) {
    case "draft-04":
      ajv = new (load("ajv-draft-04"))(OPTIONS);
      break;
    case "draft-06":
    case "draft-07":
      ajv = new (load("ajv"))(OPTIONS);
      ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as object);
      break;
    case "2019-09":
      ajv = new (load("ajv/dist/2019.js"))(OPTIONS);
      break;
    case "2020-12":
      ajv = new (load("ajv/dist/2020.js"))(OPTIONS);
      break;
    default: {
      const unreachable: never = dialect;
      throw new TypeError(`Unknown JSON Schema dialect ${String(unreachable)}`);
    }
  }
  const addFormats = (require("ajv-formats") as { default: (ajv: Validator) => void }).default;
  addFormats(ajv);
  // The meta-schemas check `pattern` with the "regex" format; read patterns as compilePattern does.
  ajv.addFormat("regex", (text: string) => isPattern(text));
  return ajv;
}

function isPattern(text: string): boolean {
  try {
    compilePattern(text);
    return true;
  } catch {
    return false;
  }
}
