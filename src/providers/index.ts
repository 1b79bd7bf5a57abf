export { checkModelSettings } from "./check-model-settings.ts";
export type { FetchFunction } from "./fetch-function.ts";
export type {
  ModelCallOptions,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ModelStreamPart,
  RetryDelaySource,
  RetryNotice,
  ToolChoice,
  ToolSpec,
} from "./model-provider.ts";
export type { SharedProviderOptions } from "./provider-driver.ts";
export {
  ProviderError,
  type ProviderErrorCode,
  type ProviderErrorJson,
  type ProviderErrorOptions,
} from "./provider-error.ts";
export { DEFAULT_RETRY, type RetryOptions } from "./retry-policy.ts";
