import { isAbsolute, relative, resolve, sep } from "node:path";
import type { CliIO } from "./cli-io.ts";

/**
 * A path for a command line the user may copy: relative to the working directory when inside
 * it, else absolute; single-quoted when the shell would split or expand it.
 */
export function pathToType(path: string, io: CliIO): string {
  const absolute = resolve(io.cwd, path);
  const inside = relative(io.cwd, absolute);
  const outside =
    inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  const shown = outside ? absolute : inside;
  return /^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", `'\\''`)}'`;
}
