export type { FetchFunction } from "./fetch-function.ts";
export type {
  LanguageModel,
  ModelCallOptions,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ModelStreamPart,
  ReasoningEffort,
  ResponseFormat,
  RetryNotice,
  StructuredOutputMode,
  ToolChoice,
  ToolSpec,
} from "./language-model.ts";
export {
  type ModelFactory,
  ModelRegistry,
  models,
  type ResolveModelOptions,
} from "./model-registry.ts";
export type { SharedProviderOptions } from "./provider-driver.ts";
export {
  ProviderError,
  type ProviderErrorCode,
  type ProviderErrorJson,
  type ProviderErrorOptions,
} from "./provider-error.ts";
export type { RetryDelaySource, RetryOptions } from "./retry-policy.ts";
