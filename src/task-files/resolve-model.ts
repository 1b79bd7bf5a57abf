import type { LanguageModel } from "../providers/language-model.ts";
import { models } from "../providers/model-registry.ts";

export { parseModelSpec } from "../providers/model-registry.ts";

/** Turns `"provider/model"` (or `"provider:model"`) into a model. */
export type ModelResolver = (spec: string) => LanguageModel | Promise<LanguageModel>;

/**
 * The built-in resolver: the default model registry's (`models.resolve`), so `openai/…` and
 * `anthropic/…` load their subpath modules only when a file names them, and a provider you
 * register with `models.register` works in task files too. Anything else is an `AliceError`
 * (OPTIONS_INVALID) saying what to write or register instead.
 */
export function resolveModel(spec: string): Promise<LanguageModel> {
  return models.resolve(spec);
}
