import type { ParameterDefinition } from "../schema/function-parameters.ts";
import { compilePattern } from "./definition-to-zod.ts";

/**
 * Checks a value of the right type against the constraints its definition states (`minimum`,
 * `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `maxLength`, `pattern`,
 * `minItems`, `maxItems`). Returns what was expected, e.g. `an integer at least 1 and at
 * most 10`, or undefined when the value passes. `kind` names the type: `an integer`.
 */
export function checkConstraints(
  value: unknown,
  definition: ParameterDefinition,
  kind: string,
): string | undefined {
  if (typeof value === "number") {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = definition;
    const ok =
      (minimum === undefined || value >= minimum) &&
      (maximum === undefined || value <= maximum) &&
      (exclusiveMinimum === undefined || value > exclusiveMinimum) &&
      (exclusiveMaximum === undefined || value < exclusiveMaximum);
    if (ok) return undefined;
    const bounds: string[] = [];
    if (minimum !== undefined) bounds.push(`at least ${minimum}`);
    if (exclusiveMinimum !== undefined) bounds.push(`greater than ${exclusiveMinimum}`);
    if (maximum !== undefined) bounds.push(`at most ${maximum}`);
    if (exclusiveMaximum !== undefined) bounds.push(`less than ${exclusiveMaximum}`);
    return `${kind} ${bounds.join(" and ")}`;
  }
  if (typeof value === "string") {
    const { minLength, maxLength, pattern } = definition;
    const lengthOk =
      (minLength === undefined || value.length >= minLength) &&
      (maxLength === undefined || value.length <= maxLength);
    if (!lengthOk) return `${kind} of ${count(minLength, maxLength, "character")}`;
    if (pattern !== undefined && !matches(pattern, value))
      return `${kind} matching the pattern ${JSON.stringify(pattern)}`;
    return undefined;
  }
  if (Array.isArray(value)) {
    const { minItems, maxItems } = definition;
    const ok =
      (minItems === undefined || value.length >= minItems) &&
      (maxItems === undefined || value.length <= maxItems);
    return ok ? undefined : `${kind} of ${count(minItems, maxItems, "item")}`;
  }
  return undefined;
}

/** `at least 2 characters`, `at most 1 item`, `2 to 5 characters`. */
function count(min: number | undefined, max: number | undefined, unit: string): string {
  const units = (n: number) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (min !== undefined && max !== undefined)
    return min === max ? `exactly ${units(min)}` : `${min} to ${units(max)}`;
  return min !== undefined ? `at least ${units(min)}` : `at most ${units(max ?? 0)}`;
}

function matches(pattern: string, value: string): boolean {
  let regex: RegExp;
  try {
    regex = compilePattern(pattern);
  } catch {
    // An invalid pattern matches nothing, so the input error names it.
    return false;
  }
  return regex.test(value);
}
