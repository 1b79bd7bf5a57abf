export { MAX_PAUSE_CONTINUATIONS } from "../paused-turn.ts";
export {
  type AnthropicProvider,
  type AnthropicProviderOptions,
  anthropic,
  createAnthropic,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
} from "./create-anthropic.ts";
