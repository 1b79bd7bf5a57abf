import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import type {
  ModelRequest,
  ModelSettings,
  ResponseFormat,
  StructuredOutputMode,
} from "../language-model.ts";
import {
  checkResponseFormat,
  jsonInstruction,
  OUTPUT_TOOL_NAME,
  outputToolChoice,
  outputToolSpec,
  structuredOutputMode,
} from "../structured-output.ts";
import { type OpenAIJsonSchema, openAIJsonSchema } from "./openai-json-schema.ts";
import { openAITool, openAIToolChoice } from "./openai-tools.ts";

type Body = ChatCompletionCreateParamsNonStreaming;

const chatFormats = new WeakMap<OpenAIJsonSchema, ResponseFormatJSONSchema>();

/** `response_format: json_schema` (ResponseFormatJSONSchema in openai 7.57), made once per schema. */
function jsonSchemaFormat(format: ResponseFormat, strict: boolean): ResponseFormatJSONSchema {
  const jsonSchema = openAIJsonSchema(format, strict);
  let wire = chatFormats.get(jsonSchema);
  if (wire === undefined) {
    wire = { type: "json_schema", json_schema: jsonSchema };
    chatFormats.set(jsonSchema, wire);
  }
  return wire;
}

/**
 * The messages with `text` said in the first system (or developer) message, or in a system
 * message put first when there is none. Copies: the messages may be shared with other requests.
 */
function withInstruction(
  messages: readonly ChatCompletionMessageParam[],
  text: string,
): ChatCompletionMessageParam[] {
  const at = messages.findIndex((m) => m.role === "system" || m.role === "developer");
  const first = messages[at];
  if (first === undefined || (first.role !== "system" && first.role !== "developer")) {
    return [{ role: "system", content: text }, ...messages];
  }
  const content =
    typeof first.content === "string"
      ? `${first.content}\n\n${text}`
      : [...first.content, { type: "text" as const, text }];
  const copy = [...messages];
  copy[at] = { ...first, content };
  return copy;
}

/** JSON mode (`json_object`), with the instruction (and schema) in the system message. */
function jsonMode(body: Body, format: ResponseFormat): void {
  body.response_format = { type: "json_object" };
  body.messages = withInstruction(body.messages, jsonInstruction(format));
}

/**
 * Asks a Chat Completions body for the request's `responseFormat`, in the request's mode:
 * - `native`: `json_schema` (see jsonSchemaFormat); without a schema, JSON mode;
 * - `prompt`: JSON mode, the schema said in the system message (servers without `json_schema`);
 * - `tool`: the output tool added to the tools, and `tool_choice` forcing it (no other tools,
 *   or `toolChoice: "none"`), else `"required"` (a real tool or the answer), or the tool the
 *   settings name.
 * A format that cannot be asked for is refused before sending. Nothing is done without one.
 */
export function askResponseFormat(
  body: Body,
  request: ModelRequest,
  settings: ModelSettings,
  options: { structuredOutput: StructuredOutputMode; strictSchemas: boolean },
): void {
  const format = request.responseFormat;
  if (format === undefined) return;
  const mode = structuredOutputMode(settings, options.structuredOutput);
  checkResponseFormat(format, mode, request.tools);
  switch (mode) {
    case "native":
      if (format.schema === undefined) jsonMode(body, format);
      else body.response_format = jsonSchemaFormat(format, options.strictSchemas);
      return;
    case "prompt":
      jsonMode(body, format);
      return;
    case "tool": {
      const others = body.tools ?? [];
      body.tools = [...others, openAITool(outputToolSpec(format), options.strictSchemas)];
      body.tool_choice = openAIToolChoice(outputToolChoice(settings.toolChoice, others.length));
      return;
    }
    default: {
      const unknown: never = mode;
      throw new TypeError(`Unknown structured output mode ${String(unknown)}`);
    }
  }
}

/** True when a body asks for the answer through the output tool (tool mode). */
export function asksOutputTool(body: Body): boolean {
  return (
    body.tools?.some(
      (tool) => tool.type === "function" && tool.function.name === OUTPUT_TOOL_NAME,
    ) === true
  );
}
