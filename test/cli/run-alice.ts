// Runs the `alice` command as a user's shell would: a child process of bin/alice.js, in the
// fixtures folder, with no provider keys in its environment.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The folder of the CLI fixtures, where every spawned command runs. */
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/alice.js", import.meta.url));

/** How a spawned command ended and what it printed. */
export interface AliceResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stderr split into lines, without the trailing empty one. */
  errLines: string[];
}

/** The environment of every spawned command: no keys, no model override, no recording. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (/^(OPENAI_|ANTHROPIC_|ALICE_)/.test(key) && !(key in extra)) delete env[key];
  }
  return env;
}

/** Starts `alice …args` without waiting (to talk to it or signal it). */
export function spawnAlice(args: readonly string[], env?: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: FIXTURES, env: cleanEnv(env) });
}

/** Runs `alice …args` to its end, with `input` on stdin. */
export function alice(
  args: readonly string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<AliceResult> {
  const child = spawnAlice(args, options.env);
  return collect(child, options.input);
}

/** Waits for a spawned command to end, collecting its output. */
export function collect(child: ChildProcess, input?: string): Promise<AliceResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(input ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout, stderr, errLines: stderr.split("\n").filter((l) => l !== "") }),
    );
  });
}

/** The notice `--mock` prints first on stderr. */
export const OFFLINE_NOTICE =
  /^alice: offline run: every model call is answered by the scripted (openai|anthropic) model in \S+ \(\d+ turns?\); nothing is sent to a provider\.$/;
