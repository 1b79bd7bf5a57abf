import type { JsonObject, JsonValue } from "../messages/json.ts";
import type { FunctionParameters, ParameterDefinition } from "../schema/function-parameters.ts";

/** Model settings from a prompt's `config` (Dotprompt names); unknown keys pass through. */
export interface ModelConfig {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  [key: string]: JsonValue | undefined;
}

/** What the model should answer with: `output.format` and `output.schema` as JSON Schema. */
export interface PromptOutput {
  /** `text` or `json` (Genkit also uses `jsonl`, `array`, `enum`, `media`); kept as written. */
  format?: string;
  /** The answer's schema; an object schema is a FunctionParameters. */
  schema?: FunctionParameters | ParameterDefinition;
}

/** A tool defined inline in a prompt file (`toolDefs`), its schemas converted to JSON Schema. */
export interface PromptToolDefinition {
  name: string;
  description?: string;
  inputSchema: FunctionParameters;
  outputSchema?: ParameterDefinition;
}

/** Our own options, written as dotted `alice.*` keys in a prompt file's frontmatter. */
export interface AlicePromptOptions {
  /** Upper bound on model ↔ tool round trips when the prompt drives an agent. */
  maxToolRounds?: number;
  /** Keep indented standalone partials from indenting the partial's lines. @default false */
  preventIndent?: boolean;
}

/**
 * Everything a prompt carries besides its template: identity, model settings, tools, output
 * schema and extensions. All plain data, so agent code can apply it and it survives JSON.
 */
export interface PromptMetadata {
  /** Registry id: the file's path in its folder without `.prompt` (`a/b` for `a/b.prompt`). */
  id?: string;
  /** `formal` for `greet.formal.prompt`. */
  variant?: string;
  /** Declared `version`, else the first 8 hex digits of the SHA-1 of the file. */
  version?: string;
  description?: string;
  /** `provider/model`, e.g. `openai/gpt-4o-mini` or `anthropic/claude-sonnet-4-5`. */
  model?: string;
  config?: ModelConfig;
  /** Names of tools to offer the model, resolved by the agent. */
  tools?: string[];
  toolDefs?: PromptToolDefinition[];
  /**
   * A file's `input.schema` when it is a single value (`schema: string`, which Genkit accepts)
   * rather than named variables. It declares no variables: `parameters` stays unset, inputs are
   * not validated, and the template's variables are not checked.
   */
  inputSchema?: ParameterDefinition;
  output?: PromptOutput;
  /** Genkit's bound on tool-call turns. */
  maxTurns?: number;
  /** Genkit's `toolChoice`: `auto`, `required`, `none` or a tool name. */
  toolChoice?: string;
  /** Genkit's "return tool requests instead of running them". */
  returnToolRequests?: boolean;
  /** Free-form `metadata` for tooling. */
  metadata?: JsonObject;
  /** Dotted frontmatter keys by namespace: `alice.maxToolRounds: 3` → `{ alice: { maxToolRounds: 3 } }`. */
  ext?: Record<string, JsonObject>;
  /** The `alice.*` extension keys, checked and typed. */
  alice?: AlicePromptOptions;
  /** The frontmatter as written, unknown keys included. */
  raw?: JsonObject;
  /** The file the prompt was loaded from. */
  filePath?: string;
}

const METADATA_KEYS = [
  "id",
  "variant",
  "version",
  "description",
  "model",
  "config",
  "tools",
  "toolDefs",
  "inputSchema",
  "output",
  "maxTurns",
  "toolChoice",
  "returnToolRequests",
  "metadata",
  "ext",
  "alice",
  "raw",
  "filePath",
] as const satisfies readonly (keyof PromptMetadata)[];

/** The PromptMetadata fields of `source` that are set, as a new object. */
export function pickMetadata(source: PromptMetadata): PromptMetadata {
  const metadata: Record<string, unknown> = {};
  for (const key of METADATA_KEYS) if (source[key] !== undefined) metadata[key] = source[key];
  return metadata as PromptMetadata;
}
