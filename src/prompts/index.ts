export { Prompt, type PromptOptions } from "./prompt.ts";
