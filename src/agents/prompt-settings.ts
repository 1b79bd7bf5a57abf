import type { JsonObject } from "../messages/json.ts";
import type { Prompt } from "../prompts/prompt.ts";
import { configKeyUse, isSecretKey } from "../prompts/prompt-metadata.ts";
import type { ModelSettings } from "../providers/language-model.ts";

/**
 * The model settings a prompt file's `config` (and `toolChoice`) ask for. Every key is used the
 * way `configKeyUse` says: model settings by name, a provider's body fields (`reasoning_effort`,
 * Genkit's `logProbs`) into `providerOptions`, and `config.providerOptions` as given; keys that do
 * nothing were warned about when the file was loaded. Every setting and body field the config
 * gives is listed in `dropUnsupported`, so a provider whose API has no such field leaves it out
 * instead of refusing the call: a file moves between providers as it does in Genkit.
 */
export function promptSettings(prompt: Prompt): ModelSettings {
  const settings: ModelSettings = {};
  const config = prompt.config;
  if (config !== undefined) {
    const loose = settings as Record<string, unknown>;
    const fields: Record<string, JsonObject[string]> = {};
    const droppable: string[] = [];
    for (const [key, value] of Object.entries(config)) {
      // YAML's `key: ~` (or an absent value) sets nothing, as in the frontmatter checks.
      if (value === undefined || value === null) continue;
      const use = configKeyUse(key);
      if (use.kind === "setting") {
        loose[key] = value;
        droppable.push(key);
      } else if (use.kind === "field") {
        fields[use.field] = value;
        droppable.push(use.field);
      } else if (use.kind === "providerOptions" && isObject(value)) {
        for (const [field, given] of Object.entries(value)) {
          if (!isSecretKey(field)) fields[field] = given;
        }
      }
    }
    if (Object.keys(fields).length > 0) settings.providerOptions = fields;
    if (droppable.length > 0) settings.dropUnsupported = droppable;
  }
  const choice = prompt.toolChoice;
  if (choice === "auto" || choice === "none" || choice === "required") settings.toolChoice = choice;
  else if (typeof choice === "string" && choice !== "") settings.toolChoice = { name: choice };
  return settings;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
