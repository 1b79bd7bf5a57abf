export * from "./errors/index.ts";
export * from "./messages/index.ts";
export * from "./prompts/index.ts";
