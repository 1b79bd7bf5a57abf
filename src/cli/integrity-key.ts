import { CliError } from "./cli-error.ts";
import { type CliIO, readEnv } from "./cli-io.ts";

/** `--integrity-key-env NAME`, shared by `alice run` (signs) and `alice resume` (checks). */
export const INTEGRITY_FLAGS = {
  "integrity-key-env": { type: "string" },
} as const;

const MIN_KEY_BYTES = 32;

/**
 * The key in the environment variable `--integrity-key-env` names, never on the command line
 * (where `ps` and shell history would show it). Unset, blank or shorter than 32 bytes is a
 * usage error, before anything is loaded.
 */
export function integrityKeyFrom(
  name: string | undefined,
  io: CliIO,
  command: "run" | "resume",
): string | undefined {
  if (name === undefined) return undefined;
  const usage = (why: string) =>
    new CliError("CLI_USAGE", `--integrity-key-env ${name}: ${why}`, { command });
  const key = readEnv(io, name);
  if (key === undefined)
    throw usage(
      `the environment variable ${name} is not set (it holds the key that signs pending responses: at least ${MIN_KEY_BYTES} bytes, e.g. from \`openssl rand -base64 32\`)`,
    );
  if (Buffer.byteLength(key, "utf8") < MIN_KEY_BYTES)
    throw usage(
      `the key in ${name} is shorter than ${MIN_KEY_BYTES} bytes (e.g. \`openssl rand -base64 32\` makes one)`,
    );
  return key;
}
