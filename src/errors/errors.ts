import { AliceError, type AliceErrorOptions } from "./alice-error.ts";

/** A task definition (routing table, checkpoints, options) is inconsistent; lists every problem. */
export class TaskDefinitionError extends AliceError {
  readonly taskName: string;
  readonly problems: readonly string[];

  constructor(taskName: string, problems: readonly string[]) {
    super(
      "TASK_DEFINITION_INVALID",
      `Task "${taskName}" is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.taskName = taskName;
    this.problems = problems;
  }
}

/**
 * Options given to a constructor or factory other than a task's (an agent, a provider, model
 * settings) are invalid; thrown at construction, listing every problem.
 */
export class OptionsError extends AliceError {
  /** What was being built, e.g. `AliceAgent "calc"` or `createOpenAI()`. */
  readonly subject: string;
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(
      "OPTIONS_INVALID",
      problems.length === 1
        ? `${subject}: ${problems[0]}`
        : `${subject} has invalid options:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.subject = subject;
    this.problems = problems;
  }
}

/** An input variable is missing or cannot be converted to its declared type. */
export class InputValidationError extends AliceError {
  readonly variable: string;

  constructor(
    code: "INPUT_MISSING" | "INPUT_INVALID",
    variable: string,
    message: string,
    options?: AliceErrorOptions,
  ) {
    super(code, message, options);
    this.variable = variable;
  }
}

/** A response passed to `resume()` is malformed, not pending, or belongs to another task. */
export class ResumeError extends AliceError {
  constructor(message: string, options?: AliceErrorOptions) {
    super("RESUME_INVALID", message, options);
  }
}

/**
 * A run store refused a write: another writer changed the run first (stale `expectedVersion`),
 * a newer lease exists (stale fencing token), another owner holds the lease, or the run exists.
 */
export class RunConflictError extends AliceError {
  constructor(message: string, options?: AliceErrorOptions) {
    super("RUN_CONFLICT", message, options);
  }
}
