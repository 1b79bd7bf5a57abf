/**
 * @deprecated The model interface lives in `./language-model.ts` now; this module only re-exports
 * it so existing imports keep compiling, and goes with the `ModelProvider` alias.
 */
export type {
  LanguageModel,
  ModelCallOptions,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelSettings,
  ModelStreamPart,
  RetryNotice,
  ToolChoice,
  ToolSpec,
} from "./language-model.ts";
export type { RetryDelaySource } from "./retry-policy.ts";
