// Loads a task file that must fail, and returns its problems as the CLI prints them.
import { fileURLToPath } from "node:url";
import { type LoadTaskOptions, loadTask, TaskFileError } from "alice-agents";

/** The absolute path of a fixture of test/task-files. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Every problem of the TaskFileError that loading `path` throws, as `file: path: message`. */
export async function problemsOf(path: string, options: LoadTaskOptions = {}): Promise<string[]> {
  try {
    await loadTask(path, options);
  } catch (error) {
    if (error instanceof TaskFileError)
      return error.problems.map(
        (p) => `${p.file.replace(/^.*fixtures\//, "")}: ${p.path}: ${p.message}`,
      );
    throw error;
  }
  throw new Error("expected a TaskFileError");
}
