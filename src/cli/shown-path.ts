import { resolve } from "node:path";
import type { CliIO } from "./cli-io.ts";

/**
 * A path from the command line, as typed when it means the same from the process's directory (so
 * messages name files as the user wrote them), else resolved against `io.cwd`.
 */
export function shownPath(path: string, io: CliIO): string {
  return resolve(io.cwd, path) === resolve(path) ? path : resolve(io.cwd, path);
}
