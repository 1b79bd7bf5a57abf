import type { JsonObject } from "../messages/json.ts";
import type { FunctionParameters, ParameterDefinition } from "../schema/function-parameters.ts";
import type { DeclarationSites } from "./check-template-variables.ts";
import type { FilePosition } from "./parse-prompt-file.ts";
import { picoschemaToJsonSchema, type SchemaResolver } from "./picoschema.ts";
import { PromptError } from "./prompt-error.ts";
import {
  type AlicePromptOptions,
  configKeyUse,
  isSecretKey,
  type ModelConfig,
  type PromptMetadata,
} from "./prompt-metadata.ts";
import type { PromptWarning } from "./prompt-warning.ts";

/** What a frontmatter contributes to a prompt. */
export interface FrontmatterFields extends PromptMetadata {
  name?: string;
  parameters?: FunctionParameters;
  defaults?: Record<string, unknown>;
  declaredAt?: DeclarationSites;
}

/** What `readFrontmatter` needs. */
export interface ReadFrontmatterInput {
  frontmatter: Readonly<Record<string, unknown>>;
  locate: (path: readonly (string | number)[], options?: { key?: boolean }) => FilePosition;
  filePath: string;
  resolveSchema?: SchemaResolver;
}

type Path = readonly (string | number)[];

const TOP_LEVEL = new Set([
  ...["name", "variant", "version", "description", "model", "config", "input", "output"],
  ...["tools", "toolDefs", "metadata", "maxTurns", "toolChoice", "returnToolRequests"],
]);
const NUMBER_CONFIG = [
  ...["temperature", "maxOutputTokens", "topP", "topK", "seed"],
  ...["presencePenalty", "frequencyPenalty"],
];

/**
 * Reads Dotprompt's frontmatter fields into typed prompt fields, checking each field's type so
 * that `temperature: hot` fails at load with its line. Schemas (Picoschema or JSON Schema) are
 * converted to JSON Schema. Dotted keys go to `ext` by namespace (split at the last dot, like
 * Dotprompt) and `alice.*` keys are our own options. Unknown keys are kept in `raw` and warned about,
 * and so are `config` keys no provider uses (see `configKeyUse`), once each.
 */
export function readFrontmatter(input: ReadFrontmatterInput): {
  fields: FrontmatterFields;
  warnings: PromptWarning[];
} {
  const { frontmatter: fm, locate, filePath } = input;
  const warnings: PromptWarning[] = [];
  const fail = (path: Path, message: string) =>
    new PromptError("PROMPT_FILE_INVALID", `Frontmatter "${path.join(".")}" ${message}`, {
      filePath,
      ...locate(path),
    });
  const warn = (code: PromptWarning["code"], path: Path, message: string) =>
    warnings.push({ code, message, filePath, ...locate(path, { key: true }) });
  const check = <T>(path: Path, ok: (v: unknown) => v is T, what: string): T | undefined => {
    const value = valueAt(fm, path);
    if (value === undefined || value === null) return undefined;
    if (!ok(value)) throw fail(path, `must be ${what}, got ${JSON.stringify(value)}.`);
    return value;
  };
  const schema = (path: Path): ParameterDefinition | undefined => {
    try {
      return picoschemaToJsonSchema(valueAt(fm, path), { resolveSchema: input.resolveSchema });
    } catch (error) {
      if (!(error instanceof PromptError)) throw error;
      const at = error.variable ? [...path, error.variable] : path;
      throw new PromptError("PROMPT_FILE_INVALID", error.message, {
        filePath,
        ...locate(at),
        cause: error,
      });
    }
  };
  const objectSchema = (path: Path, converted = schema(path)): FunctionParameters | undefined => {
    if (converted === undefined) return undefined;
    if (converted.type !== "object" || converted.properties === undefined) {
      throw fail(path, "must describe an object with named properties.");
    }
    const { additionalProperties: extra, ...rest } = converted;
    const parameters = { ...rest, type: "object", properties: converted.properties };
    // FunctionParameters allows only a boolean here; a `(*)` wildcard schema means "any key".
    if (extra === undefined) return parameters as FunctionParameters;
    return { ...parameters, additionalProperties: extra !== false } as FunctionParameters;
  };

  const fields: FrontmatterFields = { raw: fm as JsonObject };
  for (const key of ["name", "variant", "description", "model", "toolChoice"] as const) {
    const value = check([key], isString, "a string");
    if (value !== undefined) fields[key] = value;
  }
  const version = check(["version"], isStringOrNumber, "a string");
  if (typeof version === "number") {
    warn(
      "VERSION_NOT_STRING",
      ["version"],
      `version ${version} is a YAML number; quote it to keep it exact.`,
    );
  }
  if (version !== undefined) fields.version = String(version);
  const config = check(["config"], isRecord, "a mapping");
  if (config !== undefined) {
    for (const key of NUMBER_CONFIG) check(["config", key], isNumber, "a number");
    check(["config", "stopSequences"], isStringArray, "a list of strings");
    const options = check(["config", "providerOptions"], isRecord, "a mapping of body fields");
    for (const [key, value] of Object.entries(config)) {
      const use = configKeyUse(key);
      if (use.kind === "unused" && value !== null) {
        warn("UNUSED_CONFIG_KEY", ["config", key], `config.${key} ${use.why}`);
      }
    }
    for (const key of Object.keys(options ?? {}).filter(isSecretKey)) {
      warn(
        "UNUSED_CONFIG_KEY",
        ["config", "providerOptions", key],
        `config.providerOptions.${key} is never sent: a key in a prompt file would travel with it. Give it to the provider instead.`,
      );
    }
    fields.config = config as ModelConfig;
  }
  if (check(["input"], isRecord, "a mapping with schema: and default:") !== undefined) {
    const input = schema(["input", "schema"]);
    // A single value (`schema: string`) is Genkit's prompt of one unnamed input: kept, but it
    // declares no variables.
    if (input === undefined || input.type === "object") {
      fields.parameters = objectSchema(["input", "schema"], input);
    } else {
      fields.inputSchema = input;
    }
    const defaults = check(["input", "default"], isRecord, "a mapping of variable values");
    if (defaults !== undefined) fields.defaults = defaults;
    const sites = (key: string, nameOf: (k: string) => string) =>
      Object.fromEntries(
        Object.keys(asRecord(valueAt(fm, ["input", key]))).map((k) => [
          nameOf(k),
          locate(["input", key, k], { key: true }),
        ]),
      );
    fields.declaredAt = {
      parameters: sites("schema", (k) => k.split("(")[0]?.replace(/\?$/, "").trim() ?? k),
      defaults: sites("default", (k) => k),
    };
  }
  if (check(["output"], isRecord, "a mapping with format: and schema:") !== undefined) {
    const format = check(["output", "format"], isString, "a string (text, json, …)");
    const outputSchema = schema(["output", "schema"]);
    fields.output = {};
    if (format !== undefined) fields.output.format = format;
    if (outputSchema !== undefined) fields.output.schema = outputSchema;
  }
  const tools = check(["tools"], isStringArray, "a list of tool names");
  if (tools !== undefined) fields.tools = tools;
  const toolDefs = check(["toolDefs"], isRecordArray, "a list of {name, description, inputSchema}");
  if (toolDefs !== undefined) {
    fields.toolDefs = toolDefs.map((_, i) => {
      const name = check(["toolDefs", i, "name"], isString, "a string");
      if (name === undefined) throw fail(["toolDefs", i], "needs a name.");
      const description = check(["toolDefs", i, "description"], isString, "a string");
      const inputSchema = objectSchema(["toolDefs", i, "inputSchema"]) ?? {
        type: "object",
        properties: {},
      };
      const outputSchema = schema(["toolDefs", i, "outputSchema"]);
      return {
        name,
        inputSchema,
        ...(description && { description }),
        ...(outputSchema && { outputSchema }),
      };
    });
  }
  const metadata = check(["metadata"], isRecord, "a mapping");
  if (metadata !== undefined) fields.metadata = metadata as JsonObject;
  const maxTurns = check(["maxTurns"], isPositiveInteger, "a positive integer");
  if (maxTurns !== undefined) fields.maxTurns = maxTurns;
  const returnToolRequests = check(["returnToolRequests"], isBoolean, "true or false");
  if (returnToolRequests !== undefined) fields.returnToolRequests = returnToolRequests;

  const ext: Record<string, JsonObject> = {};
  for (const [key, value] of Object.entries(fm)) {
    const dot = key.lastIndexOf(".");
    if (dot > 0) {
      const namespace = key.slice(0, dot);
      ext[namespace] = { ...ext[namespace], [key.slice(dot + 1)]: value as JsonObject[string] };
    } else if (!TOP_LEVEL.has(key)) {
      const hint =
        key === "alice" ? " Write our options as dotted keys: alice.maxToolRounds: 5." : "";
      warn("UNKNOWN_KEY", [key], `Unknown frontmatter key "${key}" (kept in raw; a typo?).${hint}`);
    }
  }
  if (Object.keys(ext).length > 0) fields.ext = ext;
  const alice: AlicePromptOptions = {};
  for (const key of Object.keys(ext.alice ?? {})) {
    const path = [`alice.${key}`];
    if (key === "maxToolRounds") {
      const rounds = check(path, isPositiveInteger, "a positive integer");
      if (rounds !== undefined) alice.maxToolRounds = rounds;
    } else if (key === "preventIndent") {
      const prevent = check(path, isBoolean, "true or false");
      if (prevent !== undefined) alice.preventIndent = prevent;
    } else {
      warn(
        "UNKNOWN_EXTENSION",
        path,
        `Unknown option "alice.${key}"; known: alice.maxToolRounds, alice.preventIndent.`,
      );
    }
  }
  if (Object.keys(alice).length > 0) fields.alice = alice;
  return { fields, warnings };
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string";
const asRecord = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const isStringOrNumber = (v: unknown): v is string | number => isString(v) || isNumber(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isPositiveInteger = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isRecordArray = (v: unknown): v is Record<string, unknown>[] =>
  Array.isArray(v) && v.every(isRecord);
