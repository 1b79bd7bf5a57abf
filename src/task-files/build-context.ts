import type { AliceTask } from "../engine/index.ts";
import type { LoadTaskOptions } from "./load-task-options.ts";

/** Where a definition comes from, for relative paths and messages. */
export interface BuildContext {
  /** The file's absolute path. */
  file: string;
  /** The file as messages show it (relative to the working directory). */
  shown: string;
  dir: string;
  options: LoadTaskOptions;
  /** The files that include this one, outermost first (for cycles). */
  stack: readonly string[];
  /** Field path of this definition inside its file ("" at the top, "tasks.Check." inline). */
  prefix?: string;
  /** Loads a sub-task file (absolute path) included by this definition. */
  loadFile: (file: string) => Promise<AliceTask>;
}
