import type {
  ResponseCreateParamsNonStreaming,
  ResponseFormatTextJSONSchemaConfig,
} from "openai/resources/responses/responses";
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
import { responsesTool, responsesToolChoice } from "./responses-tools.ts";

type Body = ResponseCreateParamsNonStreaming;

const textFormats = new WeakMap<OpenAIJsonSchema, ResponseFormatTextJSONSchemaConfig>();

/** `text.format: json_schema` (ResponseFormatTextJSONSchemaConfig in openai 7.57), made once per schema. */
function jsonSchemaFormat(
  format: ResponseFormat,
  strict: boolean,
): ResponseFormatTextJSONSchemaConfig {
  const jsonSchema = openAIJsonSchema(format, strict);
  let wire = textFormats.get(jsonSchema);
  if (wire === undefined) {
    wire = { type: "json_schema", ...jsonSchema };
    textFormats.set(jsonSchema, wire);
  }
  return wire;
}

/**
 * JSON mode (`text.format: json_object`), with the instruction (and schema) after the
 * `instructions`: JSON mode needs the word JSON in the context.
 */
function jsonMode(body: Body, format: ResponseFormat): void {
  body.text = { format: { type: "json_object" } };
  const said = jsonInstruction(format);
  body.instructions = body.instructions == null ? said : `${body.instructions}\n\n${said}`;
}

/**
 * Asks a Responses body for the request's `responseFormat`, in the request's mode, as Chat
 * Completions does (see askResponseFormat in openai-response-format.ts):
 * - `native`: `text.format` json_schema; without a schema, JSON mode;
 * - `prompt`: JSON mode, the schema said in the instructions;
 * - `tool`: the output tool added to the tools and forced (or `"required"` beside other tools).
 * A format that cannot be asked for is refused before sending. Nothing is done without one.
 */
export function askResponsesFormat(
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
      else body.text = { format: jsonSchemaFormat(format, options.strictSchemas) };
      return;
    case "prompt":
      jsonMode(body, format);
      return;
    case "tool": {
      const others = body.tools ?? [];
      body.tools = [...others, responsesTool(outputToolSpec(format), options.strictSchemas)];
      body.tool_choice = responsesToolChoice(outputToolChoice(settings.toolChoice, others.length));
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
    body.tools?.some((tool) => tool.type === "function" && tool.name === OUTPUT_TOOL_NAME) === true
  );
}
