import { AliceError } from "../errors/alice-error.ts";
import type { LanguageModel } from "../providers/language-model.ts";

/** Turns `"provider:model"` (or `"provider/model"`, as in .prompt files) into a model. */
export type ModelResolver = (spec: string) => LanguageModel | Promise<LanguageModel>;

/** Splits `"openai:gpt-4o-mini"` or `"openai/gpt-4o-mini"` into provider and model id. */
export function parseModelSpec(spec: string): { provider: string; model: string } | undefined {
  const match = /^([a-z][\w-]*)[:/](.+)$/i.exec(spec.trim());
  return match === null ? undefined : { provider: match[1]!.toLowerCase(), model: match[2]! };
}

/**
 * The built-in resolver: `openai:…` and `anthropic:…` through their subpath modules, loaded
 * only when a file names them (so loading a task never loads an SDK it does not use). API keys
 * and base URLs come from the environment at request time. Anything else is an `AliceError`
 * (OPTIONS_INVALID) saying what to write instead.
 */
export async function resolveModel(spec: string): Promise<LanguageModel> {
  const parsed = parseModelSpec(spec);
  if (parsed?.provider === "openai")
    return (await import("../providers/openai/index.ts")).openai(parsed.model);
  if (parsed?.provider === "anthropic")
    return (await import("../providers/anthropic/index.ts")).anthropic(parsed.model);
  throw new AliceError(
    "OPTIONS_INVALID",
    parsed === undefined
      ? `"${spec}" is not a model: write "provider:model", e.g. "openai:gpt-4o-mini".`
      : `unknown provider "${parsed.provider}" in "${spec}": use openai: (also for OpenAI-compatible servers, with OPENAI_BASE_URL) or anthropic:, or pass resolveModel to loadTask.`,
  );
}
