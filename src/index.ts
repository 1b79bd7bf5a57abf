export * from "./agents/index.ts";
export * from "./engine/index.ts";
export * from "./errors/index.ts";
export * from "./messages/index.ts";
export * from "./prompts/index.ts";
export type * from "./providers/model-provider.ts";
export { ProviderError } from "./providers/provider-error.ts";
export * from "./tools/index.ts";
