/** Child processes of the harness: the mock server and one measuring process at a time. */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

const BENCH = import.meta.dirname;
const pinning = availableParallelism() >= 2 && spawnSync("taskset", ["-V"]).status === 0;

/** Whether processes are pinned (mock on CPU 1, measured client on CPU 0). */
export const pinned = pinning;

function command(cpu: number, args: string[]): [string, string[]] {
  return pinning
    ? ["taskset", ["-c", String(cpu), process.execPath, ...args]]
    : [process.execPath, args];
}

/** The running mock server. */
export interface Mock {
  baseURL: string;
  stop(): void;
}

/** Starts the mock server on CPU 1 and waits for its port. */
export async function startMock(latencyMs: number): Promise<Mock> {
  const [file, args] = command(1, [
    join(BENCH, "mock-server.ts"),
    "--latency-ms",
    String(latencyMs),
  ]);
  const child = spawn(file, args, { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the mock server did not start in 10 s")),
      10_000,
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line !== undefined) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.on("exit", (code) => reject(new Error(`the mock server exited with ${code}`)));
  });
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stop: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

/** Runs one TypeScript file of bench/ in a fresh Node process on CPU 0; returns its JSON line. */
export async function runNode<T>(
  script: string,
  args: readonly string[],
  { timeoutMs, gc = true }: { timeoutMs: number; gc?: boolean },
): Promise<T> {
  const nodeArgs = [
    "--conditions=alice-source",
    ...(gc ? ["--expose-gc"] : []),
    join(BENCH, script),
  ];
  const [file, fileArgs] = command(0, [...nodeArgs, ...args]);
  const child: ChildProcess = spawn(file, fileArgs, {
    cwd: BENCH,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill(), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  const line = stdout.trim().split("\n").at(-1);
  if (code !== 0 || line === undefined || line === "") {
    throw new Error(`${script} ${args.join(" ")} exited with ${code}:\n${stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as T;
}

/** A worker process answering one JSON line per command (see clients/measure.ts). */
export interface Worker {
  request<T>(command: unknown, timeoutMs: number): Promise<T>;
  kill(): void;
}

/** Starts a worker on CPU 0 and waits (up to `timeoutMs`) for its `{"ready":true}` line. */
export async function startWorker(
  script: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<Worker> {
  const nodeArgs = ["--conditions=alice-source", "--expose-gc", join(BENCH, script), ...args];
  const [file, fileArgs] = command(0, nodeArgs);
  const child = spawn(file, fileArgs, { cwd: BENCH, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(what: string, ms: number): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${script} ${args[0]}: ${what} took over ${ms} ms`)),
        ms,
      );
    });
    try {
      const line = await Promise.race([lines.next(), timeout]);
      if (line.done === true)
        throw new Error(`${script} ${args[0]} exited during ${what}:\n${stderr}`);
      return JSON.parse(line.value) as T;
    } catch (error) {
      child.kill();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  await next("start", timeoutMs);
  return {
    request: <T>(message: unknown, ms: number) => {
      child.stdin.write(`${JSON.stringify(message)}\n`);
      return next<T>(JSON.stringify(message), ms);
    },
    kill: () => child.kill(),
  };
}

/** Busy and total CPU time of the whole machine so far (Linux /proc/stat, in ticks). */
export function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * Waits (at most `maxSeconds`) until the machine is quiet: less than a quarter of one CPU busy
 * over one second while nothing of ours runs. Returns the busy share last seen, in CPUs.
 */
export async function waitForQuiet(maxSeconds: number): Promise<number> {
  let busyCpus = Number.NaN;
  for (let i = 0; i < maxSeconds; i++) {
    let before: { busy: number; total: number };
    try {
      before = cpuTimes();
    } catch {
      return Number.NaN; // no /proc/stat: not Linux
    }
    await sleep(1000);
    const after = cpuTimes();
    busyCpus = ((after.busy - before.busy) / (after.total - before.total)) * availableParallelism();
    if (busyCpus < 0.25) break;
  }
  return busyCpus;
}

/** CPUs the whole machine kept busy since `before` (ours included); NaN where there is no /proc. */
export function busyCpusSince(before: { busy: number; total: number } | undefined): number {
  if (before === undefined) return Number.NaN;
  const after = cpuTimes();
  return ((after.busy - before.busy) / (after.total - before.total)) * availableParallelism();
}

/** `cpuTimes()`, or undefined where there is no /proc/stat. */
export function tryCpuTimes(): { busy: number; total: number } | undefined {
  try {
    return cpuTimes();
  } catch {
    return undefined;
  }
}
