import type { z } from "zod";
import { picoschemaToJsonSchema } from "../prompts/picoschema.ts";
import { definitionToZod } from "../schema/definition-to-zod.ts";
import type { FunctionParameters, ParameterDefinition } from "../schema/function-parameters.ts";
import { problemMessages } from "./problem-messages.ts";

/** A file's `inputVariables`: FunctionParameters as written, or Picoschema (`topic: string, what to research`). */
export function toInputParameters(
  value: Record<string, unknown>,
  fail: (message: string) => void,
): FunctionParameters | undefined {
  if (value.type === "object" && typeof value.properties === "object")
    return value as unknown as FunctionParameters;
  try {
    const schema = picoschemaToJsonSchema(value);
    if (schema?.type === "object" && schema.properties !== undefined)
      return schema as FunctionParameters;
    fail(
      "expected an object schema: FunctionParameters ({ type: object, properties }) or Picoschema fields.",
    );
  } catch (error) {
    for (const m of problemMessages(error)) fail(m);
  }
  return undefined;
}

/** A file's `outputSchema` (JSON Schema or Picoschema) as the zod schema that checks answers. */
export function toOutputSchema(
  value: Record<string, unknown>,
  fail: (message: string) => void,
): z.ZodType | undefined {
  try {
    const schema = (typeof value.type === "string" ? value : picoschemaToJsonSchema(value)) as
      | ParameterDefinition
      | undefined;
    return schema === undefined ? undefined : definitionToZod(schema);
  } catch (error) {
    for (const m of problemMessages(error)) fail(m);
    return undefined;
  }
}
