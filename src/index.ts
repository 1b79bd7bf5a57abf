export * from "./agents/index.ts";
export * from "./engine/index.ts";
export * from "./errors/index.ts";
export * from "./messages/index.ts";
export * from "./prompts/index.ts";
export * from "./providers/index.ts";
export * from "./task-files/index.ts";
export * from "./tools/index.ts";
