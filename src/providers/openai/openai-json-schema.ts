import { toOpenAIStrictSchema } from "../../schema/provider-schemas.ts";
import type { ResponseFormat } from "../language-model.ts";
import { DEFAULT_FORMAT_NAME } from "../structured-output.ts";

/**
 * A response format's JSON Schema as both OpenAI APIs take it (Chat Completions'
 * `response_format.json_schema`, the Responses API's flat `text.format`): strict, with the
 * schema shaped by toOpenAIStrictSchema, when asked and the schema can say the same thing
 * strictly; else the schema as written with `strict: false`.
 */
export interface OpenAIJsonSchema {
  name: string;
  schema: Record<string, unknown>;
  strict: boolean;
  description?: string;
}

const strictSchemas = new WeakMap<ResponseFormat, OpenAIJsonSchema>();
const looseSchemas = new WeakMap<ResponseFormat, OpenAIJsonSchema>();

/** The format's `OpenAIJsonSchema`, made once per format object (and strictness). */
export function openAIJsonSchema(format: ResponseFormat, strict: boolean): OpenAIJsonSchema {
  const made = strict ? strictSchemas : looseSchemas;
  let wire = made.get(format);
  if (wire === undefined) {
    const schema = format.schema ?? { type: "object", properties: {} };
    const shaped = strict ? toOpenAIStrictSchema(schema) : undefined;
    wire = {
      name: format.name ?? DEFAULT_FORMAT_NAME,
      schema: shaped ?? (schema as unknown as Record<string, unknown>),
      strict: shaped !== undefined,
    };
    if (format.description !== undefined) wire.description = format.description;
    made.set(format, wire);
  }
  return wire;
}
