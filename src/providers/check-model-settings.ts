import type { JsonObject } from "../messages/json.ts";
import type { ModelSettings, ReasoningEffort } from "./language-model.ts";
import {
  checkKnownKeys,
  checkNumber,
  isRecord,
  optionProblem,
  shownValue,
} from "./option-checks.ts";
import { DriverFailure } from "./provider-failure.ts";
import { checkStructuredOutput } from "./structured-output.ts";

const SETTINGS: readonly (keyof ModelSettings)[] = [
  "temperature",
  "maxOutputTokens",
  "topP",
  "topK",
  "stopSequences",
  "seed",
  "presencePenalty",
  "frequencyPenalty",
  "toolChoice",
  "parallelToolCalls",
  "maxRetries",
  "providerOptions",
  "structuredOutput",
  "reasoningEffort",
  "thinking",
  "cacheControl",
  "dropUnsupported",
];
const TOOL_CHOICES = ["auto", "none", "required"];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_CHOICE_RULE = '"auto", "none", "required" or { name: "<a tool\'s name>" }';

function checkStopSequences(problems: string[], value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push(optionProblem("stopSequences", "a list of non-empty strings", value));
    return;
  }
  value.forEach((item: unknown, index) => {
    if (typeof item !== "string" || item === "") {
      problems.push(optionProblem(`stopSequences[${index}]`, "a non-empty string", item));
    }
  });
}

function checkDropUnsupported(problems: string[], value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((name) => typeof name === "string" && name !== "")) {
    problems.push(
      optionProblem("dropUnsupported", "a list of setting names or body fields", value),
    );
  }
}

const REASONING_EFFORTS: readonly ReasoningEffort[] = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
];
const CACHE_TTLS = ["5m", "1h"];

function checkReasoning(problems: string[], settings: Readonly<Record<string, unknown>>): void {
  const { reasoningEffort, thinking } = settings;
  if (reasoningEffort !== undefined && !REASONING_EFFORTS.some((e) => e === reasoningEffort)) {
    const rule = `one of ${REASONING_EFFORTS.map((e) => `"${e}"`).join(", ")}`;
    problems.push(optionProblem("reasoningEffort", rule, reasoningEffort));
  }
  if (thinking === undefined) return;
  const { budgetTokens, ...rest } = isRecord(thinking) ? thinking : {};
  if (!isRecord(thinking) || Object.keys(rest).length > 0 || budgetTokens === undefined) {
    problems.push(optionProblem("thinking", "{ budgetTokens: <a whole number ≥ 1024> }", thinking));
    return;
  }
  // Anthropic's minimum budget (ThinkingConfigEnabled.budget_tokens in @anthropic-ai/sdk 1.14).
  checkNumber(problems, "thinking.budgetTokens", budgetTokens, { whole: true, min: 1024 });
}

function checkCacheControl(problems: string[], value: unknown): void {
  if (value === undefined || typeof value === "boolean") return;
  if (isRecord(value)) {
    const { ttl, ...rest } = value;
    if (Object.keys(rest).length === 0 && CACHE_TTLS.some((t) => t === ttl)) return;
  }
  problems.push(optionProblem("cacheControl", 'true, false or { ttl: "5m" | "1h" }', value));
}

function checkToolChoice(problems: string[], value: unknown): void {
  if (value === undefined) return;
  if (typeof value === "string") {
    if (TOOL_CHOICES.includes(value)) return;
  } else if (isRecord(value)) {
    const { name, ...rest } = value;
    if (typeof name === "string" && TOOL_NAME.test(name) && Object.keys(rest).length === 0) return;
    if (typeof name === "string" && !TOOL_NAME.test(name)) {
      problems.push(
        `toolChoice.name must be a tool name (1–64 letters, digits, "_" or "-"); got ${shownValue(name)}.`,
      );
      return;
    }
  }
  problems.push(optionProblem("toolChoice", TOOL_CHOICE_RULE, value));
}

/**
 * Every problem of a set of model settings (empty when they are valid), each naming the setting,
 * the rule and the value: `maxRetries must be a whole number ≥ 0; got -1.` Unknown keys are
 * problems too, so a misspelt setting is not silently ignored.
 */
export function checkModelSettings(settings: ModelSettings): string[] {
  const loose: unknown = settings;
  if (!isRecord(loose)) return [optionProblem("model settings", "an object", loose)];
  const problems: string[] = [];
  checkKnownKeys(problems, "a model setting", loose, SETTINGS);
  checkNumber(problems, "temperature", loose.temperature, { min: 0, max: 2 });
  checkNumber(problems, "topP", loose.topP, { min: 0, max: 1 });
  checkNumber(problems, "topK", loose.topK, { whole: true, min: 1 });
  checkNumber(problems, "presencePenalty", loose.presencePenalty, { min: -2, max: 2 });
  checkNumber(problems, "frequencyPenalty", loose.frequencyPenalty, { min: -2, max: 2 });
  checkNumber(problems, "maxOutputTokens", loose.maxOutputTokens, { whole: true, min: 1 });
  checkNumber(problems, "seed", loose.seed, { whole: true });
  checkNumber(problems, "maxRetries", loose.maxRetries, { whole: true, min: 0 });
  checkStopSequences(problems, loose.stopSequences);
  checkToolChoice(problems, loose.toolChoice);
  checkDropUnsupported(problems, loose.dropUnsupported);
  checkStructuredOutput(problems, "structuredOutput", loose.structuredOutput);
  checkReasoning(problems, loose);
  checkCacheControl(problems, loose.cacheControl);
  const { parallelToolCalls, providerOptions } = loose;
  if (parallelToolCalls !== undefined && typeof parallelToolCalls !== "boolean") {
    problems.push(optionProblem("parallelToolCalls", "true or false", parallelToolCalls));
  }
  if (providerOptions !== undefined && !isRecord(providerOptions)) {
    problems.push(optionProblem("providerOptions", "an object of body fields", providerOptions));
  }
  return problems;
}

/** A setting one provider's API has no field for: its name there and what to do instead. */
export interface UnsupportedSetting {
  /** What the API would call it, for messages: `top_k`, `presence penalty`. */
  field: string;
  /** What to do instead, said after the refusal: `A compatible server that takes one gets …`. */
  instead?: string;
  /**
   * Refused only when this holds of the settings sent (a value, or a combination, the API
   * refuses: `temperature` beside extended thinking); always refused when absent.
   */
  when?: (settings: ModelSettings) => boolean;
}

/** What one provider's API can send, for `checkProviderSettings`. */
export interface ProviderSettingSupport {
  /** The API as messages name it: `the Chat Completions API`. */
  api: string;
  /** The settings it has no field for. */
  unsupported: Readonly<Partial<Record<keyof ModelSettings, UnsupportedSetting>>>;
  /** Every body field it takes: `providerOptions` keys listed in `dropUnsupported` need one. */
  bodyFields: ReadonlySet<string>;
}

// What was dropped and told, once per process: `${api}\u0000${key}`.
const told = new Set<string>();

function tellDropped(api: string, key: string, what: string): void {
  const id = `${api}\u0000${key}`;
  if (told.has(id)) return;
  told.add(id);
  process.emitWarning(
    `${JSON.stringify(key)} is left out of requests to ${api}, which has no ${what}; it is listed in dropUnsupported, as a prompt file's config keys are. (Shown once.)`,
    { code: "ALICE_SETTING_DROPPED" },
  );
}

/**
 * The settings one provider sends, checked against what its API can carry. A setting it has no
 * field for is left out when `dropUnsupported` lists it (a process warning says so, once per
 * API and key), and refuses the request otherwise: a `DriverFailure` (`PROVIDER_BAD_REQUEST`,
 * nothing sent) naming the setting and the API. `providerOptions` keys listed in
 * `dropUnsupported` are kept only when the API has such a body field; the others are sent as
 * given. Returns `settings` itself when nothing is left out.
 */
export function checkProviderSettings(
  settings: ModelSettings,
  support: ProviderSettingSupport,
): ModelSettings {
  const { api, unsupported, bodyFields } = support;
  const droppable = settings.dropUnsupported;
  let sent = settings;
  for (const key of Object.keys(unsupported) as (keyof ModelSettings)[]) {
    const rule = unsupported[key];
    if (rule === undefined || settings[key] === undefined) continue;
    if (rule.when !== undefined && !rule.when(settings)) continue;
    if (droppable?.includes(key) !== true) {
      const instead = rule.instead === undefined ? "" : ` ${rule.instead}`;
      throw new DriverFailure({
        kind: "refused",
        message: `${key} cannot be sent: ${api} has no ${rule.field}.${instead} To leave it out for providers without it, list it in dropUnsupported: ["${key}"].`,
      });
    }
    tellDropped(api, key, rule.field);
    if (sent === settings) sent = { ...settings };
    delete sent[key];
  }
  const options = settings.providerOptions;
  if (droppable === undefined || options === undefined) return sent;
  let kept: JsonObject | undefined;
  for (const key of Object.keys(options)) {
    if (bodyFields.has(key) || !droppable.includes(key)) continue;
    tellDropped(
      api,
      key,
      "such body field (a compatible server that takes it gets it from config.providerOptions, sent as given)",
    );
    kept ??= { ...options };
    delete kept[key];
  }
  return kept === undefined ? sent : { ...sent, providerOptions: kept };
}
