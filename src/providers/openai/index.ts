export {
  createOpenAI,
  type OpenAIProvider,
  type OpenAIProviderOptions,
  openai,
} from "./create-openai.ts";
export type { MaxTokensParameter } from "./openai-request.ts";
