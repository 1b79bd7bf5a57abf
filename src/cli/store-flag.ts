import { CliError } from "./cli-error.ts";
import { type CliIO, readEnv } from "./cli-io.ts";

/** `--store <path|postgres://…>`, shared by `alice run`, `alice resume` and `alice runs`. */
export const STORE_FLAGS = {
  store: { type: "string" },
} as const;

/** The SQLite file a bare `--store` names, and `alice resume <runId>` and `alice runs` default to. */
export const DEFAULT_STORE_PATH = ".alice/runs.db";

/** Where the run store was named: what a message says, and whether a command line repeats it. */
export type StoreSource = "--store" | "ALICE_STORE" | "default";

/** The run store a command uses, as named (a path or a URL, not opened yet). */
export interface StoreChoice {
  /** A SQLite file path, or a `postgres://` / `postgresql://` URL (never printed as is). */
  spec: string;
  from: StoreSource;
}

/**
 * `argv` with a bare `--store` (the last argument, or one followed by another option) turned
 * into `--store=.alice/runs.db`, so `alice run task.yaml --store` stores in the default file.
 * Arguments after `--` are left alone.
 */
export function withBareStore(argv: readonly string[]): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === "--") break;
    if (out[i] !== "--store") continue;
    const next = out[i + 1];
    if (next === undefined || next.startsWith("-")) out[i] = `--store=${DEFAULT_STORE_PATH}`;
    else i++;
  }
  return out;
}

/**
 * The store a command uses: `--store`, else `$ALICE_STORE`, else (with `fallback`, for
 * `alice resume <runId>` and `alice runs`) `.alice/runs.db`; undefined when none is asked for
 * (`alice run` stays in memory).
 */
export function chooseStore(
  flag: string | undefined,
  io: CliIO,
  options: { fallback: boolean; command: string },
): StoreChoice | undefined {
  if (flag !== undefined) {
    if (flag.trim() === "")
      throw new CliError(
        "CLI_USAGE",
        "--store needs a SQLite file path or a postgres:// URL (a bare --store is .alice/runs.db)",
        { command: options.command },
      );
    return { spec: flag, from: "--store" };
  }
  const env = readEnv(io, "ALICE_STORE");
  if (env !== undefined) return { spec: env, from: "ALICE_STORE" };
  return options.fallback ? { spec: DEFAULT_STORE_PATH, from: "default" } : undefined;
}

/** A word for a command line the user may copy: single-quoted when the shell would split it. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command that resumes a stored run: `alice resume <runId>`, or `alice runs resume <runId>`
 * for an id that `alice resume` would take for a response file (a `/`, or ending in `.json`).
 */
export function resumeCommandFor(runId: string): string {
  const pathLike = /[/\\]/.test(runId) || runId.toLowerCase().endsWith(".json");
  return `alice ${pathLike ? "runs resume" : "resume"} ${shellWord(runId)}`;
}
