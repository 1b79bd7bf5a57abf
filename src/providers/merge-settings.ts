import type { ModelSettings } from "./language-model.ts";

/** Copies the settings that are set (runs per request: no entry arrays). */
function copyDefined(into: Record<string, unknown>, settings: ModelSettings | undefined): void {
  if (settings === undefined) return;
  const from = settings as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(from)) {
    const value = from[key];
    if (value !== undefined) into[key] = value;
  }
}

/**
 * The settings of one request: the model's, overridden by the request's (`providerOptions`
 * merged, `dropUnsupported` joined).
 */
export function mergeSettings(
  model: ModelSettings,
  request: ModelSettings | undefined,
): ModelSettings {
  const merged: ModelSettings = {};
  copyDefined(merged as Record<string, unknown>, model);
  copyDefined(merged as Record<string, unknown>, request);
  if (model.providerOptions !== undefined && request?.providerOptions !== undefined) {
    merged.providerOptions = { ...model.providerOptions, ...request.providerOptions };
  }
  if (model.dropUnsupported !== undefined && request?.dropUnsupported !== undefined) {
    merged.dropUnsupported = [...new Set([...model.dropUnsupported, ...request.dropUnsupported])];
  }
  return merged;
}
