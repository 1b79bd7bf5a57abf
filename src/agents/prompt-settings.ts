import type { Prompt } from "../prompts/prompt.ts";
import type { ModelSettings } from "../providers/language-model.ts";

/** The model settings a prompt file's `config` (and `toolChoice`) ask for. */
export function promptSettings(prompt: Prompt): ModelSettings {
  const settings: ModelSettings = {};
  const config = prompt.config;
  if (config !== undefined) {
    if (typeof config.temperature === "number") settings.temperature = config.temperature;
    if (typeof config.maxOutputTokens === "number")
      settings.maxOutputTokens = config.maxOutputTokens;
    if (typeof config.topP === "number") settings.topP = config.topP;
    if (typeof config.seed === "number") settings.seed = config.seed;
    if (Array.isArray(config.stopSequences)) settings.stopSequences = config.stopSequences;
  }
  const choice = prompt.toolChoice;
  if (choice === "auto" || choice === "none" || choice === "required") settings.toolChoice = choice;
  else if (typeof choice === "string" && choice !== "") settings.toolChoice = { name: choice };
  return settings;
}
