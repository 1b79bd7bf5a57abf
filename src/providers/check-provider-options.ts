import { OptionsError } from "../errors/errors.ts";
import { checkKnownKeys, checkNumber, isRecord, optionProblem } from "./option-checks.ts";
import { checkRetryOptions } from "./retry-policy.ts";

/** Checks one option that is set; adds what is wrong with it to `problems`. */
export type OptionCheck = (problems: string[], name: string, value: unknown) => void;

const SHARED: Readonly<Record<string, OptionCheck>> = {
  fetch: (problems, name, value) => {
    if (typeof value !== "function") problems.push(optionProblem(name, "a function", value));
  },
  // The SDKs take whole milliseconds only.
  timeoutMs: (problems, name, value) => checkNumber(problems, name, value, { whole: true, min: 1 }),
  streamIdleTimeoutMs: (problems, name, value) =>
    checkNumber(problems, name, value, { min: 0, aboveMin: true }),
  retry: (problems, _name, value) => problems.push(...checkRetryOptions(value)),
};

/**
 * Checks the options of a provider factory once, when it is called: the options every factory
 * takes, then its `own`. Throws an `OptionsError` (`OPTIONS_INVALID`) listing every problem.
 */
export function checkProviderOptions(
  factory: string,
  options: unknown,
  own: Readonly<Record<string, OptionCheck>>,
): void {
  if (options === undefined) return;
  const subject = `${factory}()`;
  if (!isRecord(options)) {
    throw new OptionsError(subject, [optionProblem("the options", "an object", options)]);
  }
  const checks: Readonly<Record<string, OptionCheck>> = { ...SHARED, ...own };
  const problems: string[] = [];
  checkKnownKeys(problems, `an option of ${subject}`, options, Object.keys(checks));
  for (const [name, check] of Object.entries(checks)) {
    const value = options[name];
    if (value !== undefined) check(problems, name, value);
  }
  if (problems.length > 0) throw new OptionsError(subject, problems);
}
