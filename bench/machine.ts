/** Where and with what a benchmark ran: date, Node, machine, and the versions measured. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, release, totalmem } from "node:os";
import { join } from "node:path";

/** The run's context, printed at the top of the results. */
export interface Machine {
  date: string;
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  aliceVersion: string;
  versions: Record<string, string>;
  loadAverage: string;
}

const PACKAGES = [
  "openai",
  "ai",
  "@ai-sdk/openai",
  "@openai/agents",
  "@langchain/langgraph",
  "@langchain/core",
  "@langchain/openai",
  "@mastra/core",
  "zod",
];

function versionOf(name: string): string {
  try {
    const file = join(import.meta.dirname, "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line !== undefined) return line.split(":")[1]!.trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return cpus()[0]?.model ?? "unknown CPU";
}

function aliceVersion(): string {
  const root = join(import.meta.dirname, "..");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  try {
    const commit = execFileSync("git", ["describe", "--always", "--dirty"], { cwd: root })
      .toString()
      .trim();
    return `${pkg.version} (${commit})`;
  } catch {
    return pkg.version;
  }
}

export function describeMachine(): Machine {
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: `${process.platform} ${release()}`,
    aliceVersion: aliceVersion(),
    versions: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)])),
    loadAverage: readLoadAverage(),
  };
}

/** The 1, 5 and 15 minute load averages (Linux), for the notes on noise. */
export function readLoadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
}
