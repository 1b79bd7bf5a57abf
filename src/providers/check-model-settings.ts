import type { ModelSettings } from "./language-model.ts";
import {
  checkKnownKeys,
  checkNumber,
  isRecord,
  optionProblem,
  shownValue,
} from "./option-checks.ts";

const SETTINGS: readonly (keyof ModelSettings)[] = [
  "temperature",
  "maxOutputTokens",
  "topP",
  "stopSequences",
  "seed",
  "toolChoice",
  "parallelToolCalls",
  "maxRetries",
  "providerOptions",
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
  checkNumber(problems, "maxOutputTokens", loose.maxOutputTokens, { whole: true, min: 1 });
  checkNumber(problems, "seed", loose.seed, { whole: true });
  checkNumber(problems, "maxRetries", loose.maxRetries, { whole: true, min: 0 });
  checkStopSequences(problems, loose.stopSequences);
  checkToolChoice(problems, loose.toolChoice);
  const { parallelToolCalls, providerOptions } = loose;
  if (parallelToolCalls !== undefined && typeof parallelToolCalls !== "boolean") {
    problems.push(optionProblem("parallelToolCalls", "true or false", parallelToolCalls));
  }
  if (providerOptions !== undefined && !isRecord(providerOptions)) {
    problems.push(optionProblem("providerOptions", "an object of body fields", providerOptions));
  }
  return problems;
}
