import type { ModelSettings } from "./model-provider.ts";

function defined(settings: ModelSettings | undefined): ModelSettings {
  return Object.fromEntries(
    Object.entries(settings ?? {}).filter(([, value]) => value !== undefined),
  ) as ModelSettings;
}

/** The settings of one request: the model's, overridden by the request's (`providerOptions` merged). */
export function mergeSettings(
  model: ModelSettings,
  request: ModelSettings | undefined,
): ModelSettings {
  const merged = { ...defined(model), ...defined(request) };
  if (model.providerOptions !== undefined && request?.providerOptions !== undefined) {
    merged.providerOptions = { ...model.providerOptions, ...request.providerOptions };
  }
  return merged;
}
