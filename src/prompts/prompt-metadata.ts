import { closestName } from "../errors/closest-name.ts";
import type { JsonObject, JsonValue } from "../messages/json.ts";
import type { FunctionParameters, ParameterDefinition } from "../schema/function-parameters.ts";

/**
 * Model settings from a prompt's `config` (Dotprompt names). Other keys are kept as written; see
 * `configKeyUse` for what an agent does with each.
 */
export interface ModelConfig {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Body fields sent as given, to whichever provider the prompt is used with. */
  providerOptions?: JsonObject;
  [key: string]: JsonValue | undefined;
}

/** The `config` keys that are model settings: Genkit's common config, `seed` and the penalties. */
export const CONFIG_SETTINGS = [
  ...["temperature", "maxOutputTokens", "topP", "topK", "stopSequences", "seed"],
  ...["presencePenalty", "frequencyPenalty"],
] as const;

/** Genkit's camelCase names of OpenAI body fields, passed through under the API's name. */
const FIELD_ALIASES: Readonly<Record<string, string>> = {
  logProbs: "logprobs",
  topLogProbs: "top_logprobs",
};

/**
 * The body fields a config may pass through: every field OpenAI's Chat Completions API or
 * Anthropic's Messages API takes, but those built from the request (model, messages, system,
 * tools, stream). Each provider sends those of its own API (its list is held to this one by
 * test/agents/prompt-config.test.ts).
 */
export const CONFIG_BODY_FIELDS: ReadonlySet<string> = new Set([
  ...["audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs"],
  ...["max_completion_tokens", "max_tokens", "metadata", "modalities", "moderation", "n"],
  ...["parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key"],
  ...["prompt_cache_options", "prompt_cache_retention", "reasoning_effort", "response_format"],
  ...["safety_identifier", "seed", "service_tier", "stop", "store", "temperature"],
  ...["tool_choice", "top_logprobs", "top_p", "user", "verbosity", "web_search_options"],
  ...["cache_control", "container", "diagnostics", "inference_geo", "output_config", "speed"],
  ...["stop_sequences", "thinking", "top_k", "user_profile_id", "workspace_id"],
]);

const SECRET = /^(?:api_?key|auth_?token|access_?token|authorization|bearer|password|secret)$/i;
const SPECIFIC: Readonly<Record<string, string>> = {
  version:
    "does nothing here: the model is the agent's (Genkit reads it as the model version to call).",
  safetySettings: "is a Google (Gemini) setting; no provider here uses it.",
};

/**
 * What an agent does with one key of a prompt file's `config`: a model `setting`; a body `field`
 * passed through under the API's name, sent to a provider whose API has that field and left out
 * for the others; `providerOptions`, sent as given; or `unused` (why, for the load warning).
 * Credentials (`apiKey`, `api_key`, …) are never sent anywhere.
 */
export type ConfigKeyUse =
  | { kind: "setting" }
  | { kind: "field"; field: string }
  | { kind: "providerOptions" }
  | { kind: "unused"; why: string };

/** How an agent uses one `config` key (see `ConfigKeyUse`). */
export function configKeyUse(key: string): ConfigKeyUse {
  if ((CONFIG_SETTINGS as readonly string[]).includes(key)) return { kind: "setting" };
  if (key === "providerOptions") return { kind: "providerOptions" };
  if (isSecretKey(key)) {
    return {
      kind: "unused",
      why: "is never sent: a key in a prompt file would travel with it. Give it to the provider (createOpenAI({ apiKey }), OPENAI_API_KEY, ANTHROPIC_API_KEY).",
    };
  }
  const specific = SPECIFIC[key];
  if (specific !== undefined) return { kind: "unused", why: specific };
  const alias = FIELD_ALIASES[key];
  if (alias !== undefined) return { kind: "field", field: alias };
  if (CONFIG_BODY_FIELDS.has(key)) return { kind: "field", field: key };
  const guess = closestName(key, CONFIG_SETTINGS);
  const hint = guess === undefined ? "" : ` Did you mean "${guess}"?`;
  return {
    kind: "unused",
    why: `does nothing here: it is neither a model setting (${CONFIG_SETTINGS.join(", ")}) nor a body field of the Chat Completions or Messages API; a compatible server's own field goes under config.providerOptions, sent as given.${hint}`,
  };
}

/** True for a key that names a credential, which a prompt file's config never sends. */
export function isSecretKey(key: string): boolean {
  return SECRET.test(key);
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
