import { AliceError } from "../errors/alice-error.ts";

/** One problem in a task file: where, and what was expected. */
export interface TaskFileProblem {
  file: string;
  /** Dotted field path, e.g. `tasks.Check.agent.model`; "" for the file as a whole. */
  path: string;
  message: string;
}

/** A task or workflow file cannot be loaded; `problems` lists every problem found. */
export class TaskFileError extends AliceError {
  readonly problems: readonly TaskFileProblem[];

  constructor(problems: readonly TaskFileProblem[]) {
    const lines = problems.map(
      (p) => `  ${p.file}${p.path === "" ? "" : `: ${p.path}`}: ${p.message}`,
    );
    super("TASK_FILE_INVALID", `Cannot load the task definition:\n${lines.join("\n")}`);
    this.problems = problems;
  }
}
