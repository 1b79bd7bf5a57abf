export * from "./errors/index.ts";
export * from "./messages/index.ts";
export { Prompt, type PromptOptions } from "./prompts/prompt.ts";
