import type OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import type { ResponseCreateParamsNonStreaming } from "openai/resources/responses/responses";
import type { StructuredOutputMode } from "../language-model.ts";
import { answerFromOutputTool, outputToolAsText } from "../output-tool-answer.ts";
import type { Connection, ProviderDriver } from "../provider-driver.ts";
import { asksOutputTool } from "./responses-format.ts";
import { toResponsesBody } from "./responses-request.ts";
import { fromResponsesAnswer } from "./responses-response.ts";
import { responsesStreamParts } from "./responses-stream.ts";

const CHAT_PATH = /\/chat\/completions$/;
const RESPONSES_PATH = "/responses";

/** How the Responses models of one provider send tools and structured output. */
export interface ResponsesWireOptions {
  /** Whether tools and schemas go with `strict: true` where they allow (read per request). */
  strictTools(): boolean;
  /** The mode of a `responseFormat` when the settings name none. */
  structuredOutput: StructuredOutputMode;
}

/**
 * The driver of `openai.responses(id)`: the Chat Completions driver's account, client, key
 * handling and error reading, with the Responses API's body, answers and stream
 * (`POST {baseURL}/responses`). Retries, settings checks and errors stay with `createModel`.
 */
export function responsesDriver(
  chat: ProviderDriver<OpenAI, ChatCompletionCreateParamsNonStreaming>,
  wire: ResponsesWireOptions,
): ProviderDriver<OpenAI, ResponseCreateParamsNonStreaming> {
  // The chat connection with this API's endpoint (named by connection errors), made once per
  // connection so that createModel's per-connection error mapper is reused.
  const connections = new WeakMap<Connection<OpenAI>, Connection<OpenAI>>();
  return {
    provider: chat.provider,
    keySource: chat.keySource,
    ...(chat.missingKeyHint === undefined ? {} : { missingKeyHint: chat.missingKeyHint }),
    connect() {
      const connection = chat.connect();
      if (connection === undefined) return undefined;
      let own = connections.get(connection);
      if (own === undefined) {
        own = { ...connection, endpoint: connection.endpoint.replace(CHAT_PATH, RESPONSES_PATH) };
        connections.set(connection, own);
      }
      return own;
    },
    body: (modelId, request, settings) =>
      toResponsesBody(modelId, request, settings, {
        strictTools: wire.strictTools(),
        structuredOutput: wire.structuredOutput,
      }),
    async generate({ client, modelId, body, signal }) {
      const data = await client.responses.create(body, { signal, maxRetries: 0 });
      const response = fromResponsesAnswer(data, data._request_id ?? undefined, modelId);
      return asksOutputTool(body) ? answerFromOutputTool(response) : response;
    },
    stream({ client, modelId, body, signal }) {
      const open = () =>
        client.responses
          .create({ ...body, stream: true }, { signal, maxRetries: 0 })
          .withResponse();
      const parts = responsesStreamParts(open, modelId);
      // Tool mode only pays for the extra generator layer.
      return asksOutputTool(body) ? outputToolAsText(parts) : parts;
    },
    describeError: chat.describeError,
  };
}
