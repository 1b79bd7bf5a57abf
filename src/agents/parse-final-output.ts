import type { z } from "zod";
import type { ParameterDefinition } from "../schema/function-parameters.ts";
import type { SchemaNode } from "../schema/local-ref.ts";
import { dropAbsentNulls } from "../schema/prepare-value.ts";
import { pathText } from "../schema/schema-problem.ts";

/** The final answer parsed and validated, or what is wrong with it. */
export type FinalOutput =
  | { success: true; value: unknown }
  | {
      success: false;
      /** Every problem in one line, for an error message. */
      error: string;
      /** Each problem with its path (`items[0].price: …`), for the model to fix. */
      problems: readonly string[];
    };

/**
 * Parses a final answer as JSON (a ```json fence around it is allowed) and validates it with the
 * task's outputSchema. A null for an optional property that does not take null counts as absent,
 * as for tool arguments (OpenAI's strict mode makes optional properties nullable), when the
 * schema's JSON Schema is given. The problems name what is wrong and where, for the model to fix.
 */
export function parseFinalOutput(
  text: string,
  schema: z.ZodType,
  jsonSchema?: ParameterDefinition,
): FinalOutput {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  const json = (fenced?.[1] ?? text).trim();
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const problem = `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
    return { success: false, error: problem, problems: [problem] };
  }
  const given = jsonSchema === undefined ? value : dropAbsentNulls(value, jsonSchema as SchemaNode);
  const parsed = schema.safeParse(given);
  if (parsed.success) return { success: true, value: parsed.data };
  const problems = parsed.error.issues.map(
    (i) =>
      `${pathText(i.path.map((k) => (typeof k === "symbol" ? String(k) : k))) || "(the answer)"}: ${i.message}`,
  );
  return { success: false, error: problems.join("; "), problems };
}
