import type { z } from "zod";
import { definitionBehind } from "../schema/definition-to-zod.ts";
import { zodToFunctionParameters } from "../schema/function-parameters.ts";
import type { SchemaNode } from "../schema/local-ref.ts";

const schemas = new WeakMap<z.ZodType, SchemaNode | null>();

/**
 * The JSON Schema of a tool's argument schema, read once per schema: the definition of one made
 * from FunctionParameters, else what `z.toJSONSchema` says of a zod one (undefined when it
 * cannot say).
 */
export function argumentsSchemaOf(schema: z.ZodType): SchemaNode | undefined {
  let json = schemas.get(schema);
  if (json === undefined) {
    json = (definitionBehind(schema) as SchemaNode | undefined) ?? fromZod(schema);
    schemas.set(schema, json);
  }
  return json ?? undefined;
}

function fromZod(schema: z.ZodType): SchemaNode | null {
  try {
    return zodToFunctionParameters(schema) as unknown as SchemaNode;
  } catch {
    return null;
  }
}
