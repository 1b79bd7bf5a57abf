import type { z } from "zod";

/** The final answer parsed and validated, or why it is not valid. */
export type FinalOutput = { success: true; value: unknown } | { success: false; error: string };

/**
 * Parses a final answer as JSON (a ```json fence around it is allowed) and validates it with the
 * task's outputSchema. The error text names what is wrong, for the model to fix.
 */
export function parseFinalOutput(text: string, schema: z.ZodType): FinalOutput {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  const json = (fenced?.[1] ?? text).trim();
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return {
      success: false,
      error: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { success: true, value: parsed.data };
  const issues = parsed.error.issues.map(
    (i) => `${i.path.map(String).join(".") || "(answer)"}: ${i.message}`,
  );
  return { success: false, error: issues.join("; ") };
}
