import { transformJSONSchema } from "@anthropic-ai/sdk/lib/transform-json-schema";
import type {
  JSONOutputFormat,
  MessageCreateParamsNonStreaming,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { isSchemaObject } from "../../schema/local-ref.ts";
import type {
  ModelRequest,
  ModelSettings,
  ResponseFormat,
  StructuredOutputMode,
} from "../language-model.ts";
import { DriverFailure } from "../provider-failure.ts";
import {
  checkResponseFormat,
  jsonInstruction,
  OUTPUT_TOOL_NAME,
  outputToolChoice,
  outputToolSpec,
  structuredOutputMode,
} from "../structured-output.ts";
import { anthropicTool, anthropicToolChoice } from "./anthropic-tools.ts";

type Body = MessageCreateParamsNonStreaming;

/** The schemas a schema node holds: properties, definitions, items, branches. */
function children(node: Readonly<Record<string, unknown>>): unknown[] {
  const found: unknown[] = [];
  for (const key of ["properties", "$defs", "definitions"]) {
    const map = node[key];
    if (isSchemaObject(map)) found.push(...Object.values(map));
  }
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
    const list = node[key];
    if (Array.isArray(list)) found.push(...list);
  }
  found.push(node.items, node.not);
  return found;
}

/** True for a schema with an object that takes properties it does not name (a map). */
function hasOpenObject(node: unknown, depth = 0): boolean {
  if (!isSchemaObject(node)) return false;
  if (depth > 64) return true;
  const extra = node.additionalProperties;
  if ((extra !== undefined && extra !== false) || node.patternProperties !== undefined) return true;
  return children(node).some((child) => hasOpenObject(child, depth + 1));
}

const formats = new WeakMap<ResponseFormat, JSONOutputFormat | null>();

/**
 * `output_config.format` for a schema (JSONOutputFormat in @anthropic-ai/sdk 1.14), shaped by
 * the SDK's own `transformJSONSchema` (what its `jsonSchemaOutputFormat` helper sends): every
 * object closed, constraints the API does not take (minimum, maxLength, …) moved into the
 * description. Undefined when the API's structured outputs cannot say the schema: an open object
 * (a map would be closed to `{}`) or a schema node the transform refuses (no type). Once per
 * format object.
 */
function outputFormat(format: ResponseFormat): JSONOutputFormat | undefined {
  let made = formats.get(format);
  if (made === undefined) {
    made = null;
    if (format.schema !== undefined && !hasOpenObject(format.schema)) {
      try {
        const schema: Record<string, unknown> = transformJSONSchema(format.schema);
        made = { type: "json_schema", schema };
      } catch {}
    }
    formats.set(format, made);
  }
  return made ?? undefined;
}

/** The system prompt with `text` after it (a new block when the prompt is in blocks). */
function withInstruction(system: Body["system"], text: string): Body["system"] {
  if (system === undefined || system === "") return text;
  if (typeof system === "string") return `${system}\n\n${text}`;
  return [...system, { type: "text", text }];
}

function refuse(message: string): DriverFailure {
  return new DriverFailure({ kind: "refused", message });
}

/** Tool mode: the output tool after the request's tools, and a tool choice that makes it answer. */
function askWithTool(body: Body, format: ResponseFormat, settings: ModelSettings): void {
  if (settings.thinking !== undefined) {
    throw refuse(
      `structuredOutput "tool" forces a tool call, which the Messages API refuses beside extended thinking. Use structuredOutput "native" (Claude 4.5 and later), or turn thinking off for this request.`,
    );
  }
  const others = body.tools ?? [];
  body.tools = [...others, anthropicTool(outputToolSpec(format))];
  const choice = outputToolChoice(settings.toolChoice, others.length);
  body.tool_choice = anthropicToolChoice(choice, settings.parallelToolCalls) ?? { type: "any" };
}

/**
 * Asks a Messages body for the request's `responseFormat`, in the request's mode:
 * - `native`: `output_config.format` (see outputFormat). A schema it cannot say is asked for
 *   with the output tool instead (as in `tool`), and no schema at all (the API has no plain
 *   JSON mode) in the system prompt (as in `prompt`);
 * - `tool`: the output tool added to the tools, `tool_choice` forcing it when it is the only
 *   tool (or `toolChoice` is `"none"`), `any` with other tools, or the tool the settings name;
 *   refused beside extended thinking, which takes no forced tool choice;
 * - `prompt`: the instruction and schema at the end of the system prompt.
 * A format that cannot be asked for is refused before sending. Nothing is done without one.
 */
export function askAnthropicResponseFormat(
  body: Body,
  request: ModelRequest,
  settings: ModelSettings,
  providerDefault: StructuredOutputMode,
): void {
  const format = request.responseFormat;
  if (format === undefined) return;
  const mode = structuredOutputMode(settings, providerDefault);
  checkResponseFormat(format, mode, request.tools);
  switch (mode) {
    case "native": {
      const { schema } = format;
      if (schema === undefined) {
        body.system = withInstruction(body.system, jsonInstruction(format));
        return;
      }
      const root: unknown = schema.type;
      if (root !== "object") {
        throw refuse(
          `the Messages API's structured outputs need a responseFormat.schema of type "object"; got type ${JSON.stringify(root) ?? "undefined"}. Wrap the value in an object.`,
        );
      }
      const native = outputFormat(format);
      if (native !== undefined) {
        body.output_config = { ...body.output_config, format: native };
        return;
      }
      if (settings.thinking !== undefined) {
        throw refuse(
          `the Messages API's structured outputs cannot say this responseFormat.schema (an object open to other properties, or a schema without a type), and the output tool that could carry it cannot be forced beside extended thinking. Close the objects (additionalProperties: false) or turn thinking off.`,
        );
      }
      checkResponseFormat(format, "tool", request.tools);
      askWithTool(body, format, settings);
      return;
    }
    case "tool":
      askWithTool(body, format, settings);
      return;
    case "prompt":
      body.system = withInstruction(body.system, jsonInstruction(format));
      return;
    default: {
      const unknown: never = mode;
      throw new TypeError(`Unknown structured output mode ${String(unknown)}`);
    }
  }
}

/** True when a body asks for the answer through the output tool (tool mode). */
export function asksOutputTool(body: Body): boolean {
  return body.tools?.some((tool) => "name" in tool && tool.name === OUTPUT_TOOL_NAME) === true;
}
