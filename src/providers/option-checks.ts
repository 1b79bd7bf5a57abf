import { didYouMean } from "../errors/closest-name.ts";
import { redactSecrets } from "../errors/redact-secrets.ts";

const MAX_SHOWN = 80;

/**
 * A value as a problem message shows it: strings quoted, numbers as written, objects as JSON,
 * secrets redacted (a key given where a URL belongs must not end up in the error).
 */
export function shownValue(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (typeof value === "function") text = "a function";
  else if (typeof value === "bigint") text = `${value}n`;
  else if (typeof value !== "object" || value === null) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  text = redactSecrets(text);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** `name must be rule; got value.` */
export function optionProblem(name: string, rule: string, value: unknown): string {
  return `${name} must be ${rule}; got ${shownValue(value)}.`;
}

/** True for an object that is not an array (options and settings objects). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Bounds of a number option; `whole` asks for a safe integer. */
export interface NumberRule {
  whole?: boolean;
  min?: number;
  max?: number;
  /** The value must be greater than `min`, not equal to it. */
  aboveMin?: boolean;
}

function ruleText(rule: NumberRule): string {
  const kind = rule.whole === true ? "a whole number" : "a finite number";
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} ${rule.aboveMin === true ? ">" : "≥"} ${min}`;
  if (max !== undefined) return `${kind} ≤ ${max}`;
  return kind;
}

/** Adds a problem when `value` is set and is not a number within the rule. */
export function checkNumber(
  problems: string[],
  name: string,
  value: unknown,
  rule: NumberRule,
): void {
  if (value === undefined) return;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (rule.whole !== true || Number.isSafeInteger(value)) &&
    (rule.min === undefined || (rule.aboveMin === true ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) problems.push(optionProblem(name, ruleText(rule), value));
}

/** Adds a problem when `value` is set and is not a string (non-empty unless `allowEmpty`). */
export function checkString(
  problems: string[],
  name: string,
  value: unknown,
  allowEmpty = false,
): void {
  if (value === undefined) return;
  if (typeof value !== "string" || (!allowEmpty && value.trim() === "")) {
    problems.push(optionProblem(name, allowEmpty ? "a string" : "a non-empty string", value));
  }
}

/**
 * Adds a problem for every key of `object` (set to something) that is not `known`: a misspelt
 * option would otherwise be ignored without a word.
 */
export function checkKnownKeys(
  problems: string[],
  what: string,
  object: Readonly<Record<string, unknown>>,
  known: readonly string[],
): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key) || object[key] === undefined) continue;
    const hint = didYouMean(key, known);
    problems.push(
      `${JSON.stringify(key)} is not ${what}.${hint === "" ? ` Known: ${known.join(", ")}.` : hint}`,
    );
  }
}

/** Adds a problem when `value` is set and is not an absolute http(s) URL. */
export function checkURL(problems: string[], name: string, value: unknown): void {
  if (value === undefined) return;
  const url = typeof value === "string" ? URL.parse(value) : null;
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    problems.push(optionProblem(name, "an http:// or https:// URL", value));
  }
}

/** Adds a problem when `value` is set and is not an object of string header values. */
export function checkHeaders(problems: string[], name: string, value: unknown): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    problems.push(optionProblem(name, "an object of header names and string values", value));
    return;
  }
  for (const [header, text] of Object.entries(value)) {
    if (typeof text !== "string")
      problems.push(optionProblem(`${name}.${header}`, "a string", text));
  }
}
