import type {
  ModelSettings,
  ResponseFormat,
  StructuredOutputMode,
  ToolChoice,
  ToolSpec,
} from "./language-model.ts";
import { isRecord, optionProblem, shownValue } from "./option-checks.ts";
import { DriverFailure } from "./provider-failure.ts";

/** Every `StructuredOutputMode`, for checks and messages. */
export const STRUCTURED_OUTPUT_MODES: readonly StructuredOutputMode[] = [
  "native",
  "tool",
  "prompt",
];

/**
 * The tool a `"tool"`-mode request makes the model call with its answer. A request whose own
 * tools use this name is refused before sending.
 */
export const OUTPUT_TOOL_NAME = "json_answer";

/** `ResponseFormat.name` when none is given (OpenAI's `json_schema.name`). */
export const DEFAULT_FORMAT_NAME = "answer";

const FORMAT_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MODES_RULE = STRUCTURED_OUTPUT_MODES.map((mode) => `"${mode}"`).join(", ");

/** Adds a problem when `value` is set and is not a `StructuredOutputMode`. */
export function checkStructuredOutput(problems: string[], name: string, value: unknown): void {
  if (value === undefined || STRUCTURED_OUTPUT_MODES.some((mode) => mode === value)) return;
  problems.push(optionProblem(name, `one of ${MODES_RULE}`, value));
}

/** The mode of one request: its settings' `structuredOutput`, else the provider's default. */
export function structuredOutputMode(
  settings: ModelSettings,
  providerDefault: StructuredOutputMode,
): StructuredOutputMode {
  return settings.structuredOutput ?? providerDefault;
}

function refuse(message: string): DriverFailure {
  return new DriverFailure({ kind: "refused", message });
}

// A request's response format is checked once per object (an agent sends the same one each call).
const checkedFormats = new WeakSet<ResponseFormat>();

/**
 * Refuses, before anything is sent, a response format no provider can ask for: a `type` other
 * than `"json"`, a name OpenAI would refuse, a schema that is not an object. In tool mode also a
 * request tool named like the output tool, and a schema whose root is not an object (a tool's
 * arguments are one).
 */
export function checkResponseFormat(
  format: ResponseFormat,
  mode: StructuredOutputMode,
  tools: readonly ToolSpec[] | undefined,
): void {
  if (!checkedFormats.has(format)) {
    const loose: unknown = format;
    if (!isRecord(loose) || loose.type !== "json") {
      throw refuse(`responseFormat must be { type: "json", schema? }; got ${shownValue(loose)}.`);
    }
    const { name, schema } = loose;
    if (name !== undefined && (typeof name !== "string" || !FORMAT_NAME.test(name))) {
      throw refuse(
        `responseFormat.name must be 1–64 letters, digits, "_" or "-"; got ${shownValue(name)}.`,
      );
    }
    if (schema !== undefined && !isRecord(schema)) {
      throw refuse(
        `responseFormat.schema must be a JSON Schema object; got ${shownValue(schema)}.`,
      );
    }
    checkedFormats.add(format);
  }
  if (mode !== "tool") return;
  if (tools?.some((tool) => tool.name === OUTPUT_TOOL_NAME) === true) {
    throw refuse(
      `a tool is named "${OUTPUT_TOOL_NAME}", the name structuredOutput "tool" gives the tool that carries the answer. Rename the tool, or use structuredOutput "native" or "prompt".`,
    );
  }
  const root: unknown = format.schema?.type;
  if (format.schema !== undefined && root !== "object") {
    throw refuse(
      `structuredOutput "tool" needs a responseFormat.schema of type "object" (the answer is a tool's arguments); got type ${shownValue(root)}. Wrap the value in an object, or use structuredOutput "native".`,
    );
  }
}

const instructions = new WeakMap<ResponseFormat, string>();

/**
 * What the system message says when the answer is asked for in the prompt (prompt mode, JSON
 * mode): JSON only, and the schema when there is one. It names JSON, as OpenAI's JSON mode
 * requires of the messages. Made once per format object.
 */
export function jsonInstruction(format: ResponseFormat): string {
  let text = instructions.get(format);
  if (text === undefined) {
    const lines = [
      "Answer with JSON only: one JSON value and nothing else, no prose and no Markdown code fence.",
    ];
    if (format.description !== undefined) lines.push(`The answer: ${format.description}`);
    if (format.schema !== undefined) {
      lines.push(`It must match this JSON Schema:\n${JSON.stringify(format.schema)}`);
    }
    text = lines.join("\n");
    instructions.set(format, text);
  }
  return text;
}

const outputTools = new WeakMap<ResponseFormat, ToolSpec>();

/** The tool that carries the answer in tool mode: its arguments are the answer. Made once per format. */
export function outputToolSpec(format: ResponseFormat): ToolSpec {
  let tool = outputTools.get(format);
  if (tool === undefined) {
    const what = format.description === undefined ? "" : ` (${format.description})`;
    tool = {
      name: OUTPUT_TOOL_NAME,
      description: `Give your final answer by calling this tool: its arguments are the answer${what}. Call it once, when you have what you need.`,
      // Without a schema, any object (open, so never made strict).
      parameters: format.schema ?? { type: "object", properties: {}, additionalProperties: true },
    };
    outputTools.set(format, tool);
  }
  return tool;
}

/**
 * Whom a tool-mode request makes the model call: the output tool when it is the only tool or
 * the settings say `"none"` (no other tool may be used); some tool (`"required"`: a real one, or
 * the output tool to answer) when there are others; a tool the settings name, as they name it.
 */
export function outputToolChoice(choice: ToolChoice | undefined, otherTools: number): ToolChoice {
  if (typeof choice === "object" && otherTools > 0) return choice;
  if (otherTools === 0 || choice === "none") return { name: OUTPUT_TOOL_NAME };
  return "required";
}
