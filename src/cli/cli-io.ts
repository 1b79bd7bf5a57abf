import type { Readable, Writable } from "node:stream";

/** Where the `alice` command reads and writes, and what it knows of the terminal; tests pass fakes. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Whether a person is at a terminal: progress goes to stderr and checkpoint questions are
   * asked on stdin. @default stdin and stderr are both terminals
   */
  isTTY: boolean;
  /** Aborts the command: `bin.ts` wires Ctrl-C to it. */
  signal?: AbortSignal;
  /** Directory that relative paths are resolved against. @default process.cwd() */
  cwd: string;
}

/** The real process's streams, environment and terminal. */
export function processIO(): CliIO {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/** Whether a stream is a terminal (Node's `isTTY` flag, which fakes may set too). */
export function isTerminal(stream: Readable | Writable): boolean {
  return (stream as { isTTY?: unknown }).isTTY === true;
}

/** An environment variable's value, unless it is unset or blank. */
export function readEnv(io: CliIO, name: string): string | undefined {
  const value = io.env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}
