import { createHash } from "node:crypto";
import { posix } from "node:path";
import { z } from "zod";
import {
  isZodSchema,
  type ParameterDefinition,
  type ParametersInput,
} from "../schema/function-parameters.ts";
import type { PartialSource } from "./compile-prompt.ts";
import type { PromptHelpers } from "./custom-helpers.ts";
import { loadYaml } from "./load-yaml.ts";
import { normalizeText, parsePromptFile } from "./parse-prompt-file.ts";
import { Prompt } from "./prompt.ts";
import type { PromptEnvironment, TemplateOptions } from "./prompt-environment.ts";
import { promptEnvironmentFor } from "./prompt-environment-for.ts";
import { type PromptFileSource, partialCandidates, promptIdentity } from "./prompt-files.ts";
import type { PromptWarning, PromptWarningHandler } from "./prompt-warning.ts";
import { readFrontmatter } from "./read-frontmatter.ts";

/** Options shared by `loadPrompt()` and `loadPromptDir()`. */
export interface LoadPromptOptions {
  /** The Handlebars environment and compile cache. @default shared for loadPrompt, new per loadPromptDir */
  environment?: PromptEnvironment;
  /**
   * Custom helpers the templates call, as Genkit's `ai.defineHelper()`: `{ list: (items) => … }`
   * for `{{list ingredients}}`. They are defined on the environment (a name it already has with
   * another function throws); `loadPrompt()` without `environment` makes one for them.
   */
  helpers?: PromptHelpers;
  /** Named schemas that Picoschema types may refer to (`schema: Recipe`): zod or JSON Schema. */
  schemas?: Readonly<Record<string, ParametersInput | ParameterDefinition>>;
  /** Partials by name, looked up before `_name.prompt` files. */
  partials?: Readonly<Record<string, string>>;
  /** Called with each warning (unknown keys, unused variables); they also stay on `prompt.warnings`. */
  onWarning?: PromptWarningHandler;
  /** Aborts reading files. */
  signal?: AbortSignal;
}

/** One `.prompt` file to turn into a Prompt, with access to its folder for partials. */
export interface PromptFileInput {
  /** `/`-separated path from the prompts folder: `support/greet.formal.prompt`. */
  relativePath: string;
  text: string;
  source: PromptFileSource;
  /** The path to show in messages for a file of the folder. */
  displayPath: (relativePath: string) => string;
  options: LoadPromptOptions;
}

/**
 * Builds a Prompt from a `.prompt` file's text: frontmatter fields, the body as template, partials
 * read from `_name.prompt` files before the Prompt compiles (so it can check them synchronously).
 * The name defaults to the id and the version to the first 8 hex digits of the SHA-1 of the text,
 * as Dotprompt's DirStore does (line endings normalised first, so a checkout's CRLF does not
 * change it).
 */
export async function promptFromFile(input: PromptFileInput): Promise<Prompt> {
  const { relativePath, options } = input;
  const filePath = input.displayPath(relativePath);
  const text = normalizeText(input.text);
  const yaml = await loadYaml();
  const parsed = parsePromptFile(text, filePath, yaml);
  const { fields, warnings } = readFrontmatter({
    frontmatter: parsed.frontmatter,
    locate: parsed.locate,
    filePath,
    resolveSchema: schemaResolver(options.schemas),
  });
  const { id, variant } = promptIdentity(relativePath);
  const environment = promptEnvironmentFor(options);
  const templateOptions = { preventIndent: fields.alice?.preventIndent === true };
  const partials = await gatherPartials(parsed.body, posix.dirname(relativePath), input, {
    environment,
    warnings,
    templateOptions,
  });
  for (const warning of warnings) options.onWarning?.(warning);
  return new Prompt({
    ...fields,
    id,
    name: fields.name ?? id,
    variant: fields.variant ?? variant,
    version: fields.version ?? createHash("sha1").update(text).digest("hex").slice(0, 8),
    content: parsed.body,
    contentStart: parsed.bodyStart,
    filePath,
    partials: (name) => own(options.partials, name) ?? partials.get(name),
    environment,
    warnings,
    onWarning: options.onWarning,
  });
}

/**
 * Reads every partial a template reaches, depth first, each resolved from the folder of the file
 * that calls it. Names that cannot be found, and cycles, are left for the Prompt to report with
 * the full chain; this step only fetches text.
 */
async function gatherPartials(
  body: string,
  folder: string,
  input: PromptFileInput,
  {
    environment,
    warnings,
    templateOptions,
  }: {
    environment: PromptEnvironment;
    warnings: PromptWarning[];
    templateOptions: TemplateOptions;
  },
): Promise<Map<string, PartialSource>> {
  const yaml = await loadYaml();
  const found = new Map<string, PartialSource>();
  const pending: { content: string; folder: string }[] = [{ content: body, folder }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    // The same options as the Prompt's own compile, so this parse is the cached compile it reuses.
    const compiled = environment.compile(next.content, templateOptions);
    if (!compiled.success) continue;
    for (const call of compiled.template.outline.partials) {
      if (found.has(call.name) || own(input.options.partials, call.name) !== undefined) continue;
      for (const candidate of partialCandidates(call.name, next.folder, input.source)) {
        const text = await input.source.read(candidate);
        if (text === undefined) continue;
        const filePath = input.displayPath(candidate);
        // Partials keep their text as written: a standalone {{> p}} line relies on the partial's
        // own trailing newline to end the line.
        const parsed = parsePromptFile(text, filePath, yaml, { trim: false });
        if (Object.keys(parsed.frontmatter).length > 0) {
          warnings.push({
            code: "PARTIAL_FRONTMATTER",
            message: `Partial "${call.name}" has frontmatter, which is ignored: partials are template text only.`,
            filePath,
          });
        }
        found.set(call.name, { content: parsed.body, filePath, ...parsed.bodyStart });
        pending.push({ content: parsed.body, folder: posix.dirname(candidate) });
        break;
      }
    }
  }
  return found;
}

function schemaResolver(
  schemas: LoadPromptOptions["schemas"],
): ((name: string) => ParameterDefinition | undefined) | undefined {
  if (schemas === undefined) return undefined;
  return (name) => {
    const schema = own(schemas, name);
    if (schema === undefined || !isZodSchema(schema)) return schema;
    const { $schema: _, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
    return json as ParameterDefinition;
  };
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
