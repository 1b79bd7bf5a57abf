export type { ContentLocation, PartialResolver, PartialSource } from "./compile-prompt.ts";
export type { PromptHelper, PromptHelpers } from "./custom-helpers.ts";
export { type LoadPromptFileOptions, loadPrompt } from "./load-prompt.ts";
export { type LoadPromptDirOptions, loadPromptDir } from "./load-prompt-dir.ts";
export type { SchemaResolver } from "./picoschema.ts";
export { Prompt } from "./prompt.ts";
export {
  PromptEnvironment,
  type PromptEnvironmentOptions,
  type PromptEnvironmentStats,
  type TemplateOptions,
} from "./prompt-environment.ts";
export { PromptError, type PromptErrorCode, type PromptErrorDetails } from "./prompt-error.ts";
export type { LoadPromptOptions } from "./prompt-from-file.ts";
export type {
  HistoryMessage,
  MediaPart,
  PromptMessage,
  PromptPart,
  RenderedMessage,
  SectionPart,
} from "./prompt-message.ts";
export type {
  AlicePromptOptions,
  ModelConfig,
  PromptMetadata,
  PromptOutput,
  PromptToolDefinition,
} from "./prompt-metadata.ts";
export type {
  PromptDefinition,
  PromptMessagesOptions,
  PromptOptions,
  PromptRenderOptions,
} from "./prompt-options.ts";
export { type PromptLoadFailure, PromptRegistry } from "./prompt-registry.ts";
export {
  type GeneratedPromptTypes,
  type GeneratePromptTypesOptions,
  generatePromptTypes,
  type PromptTypeNames,
} from "./prompt-types.ts";
export {
  type PromptTypeMap,
  type TypedPrompt,
  type TypedPromptRegistry,
  typedPrompts,
} from "./prompt-types-registry.ts";
export type { PromptWarning, PromptWarningCode, PromptWarningHandler } from "./prompt-warning.ts";
export { type ToModelMessagesOptions, toModelMessages } from "./to-model-messages.ts";
