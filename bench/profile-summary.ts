/**
 * Summarises V8 .cpuprofile files from clients/profile-run.ts: self time per run by area
 * (alice-agents folders, the openai SDK, undici, GC, Node internals), side by side, and the
 * hottest functions of the last profile with the inclusive time of alice-agents functions.
 *   node profile-summary.ts <runs> <a.cpuprofile> [b.cpuprofile …]
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The part of a V8 CPU profile this reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ALICE_SRC =
  /\/src\/(agents|cli|engine|errors|messages|prompts|providers|task-files|testing|tools)\//;

/** The area a frame's code belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  const src = /\/src\/([a-z]+)\/.*\.ts$/.exec(url);
  if (src !== null && ALICE_SRC.test(url)) return `alice src/${src[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg !== null) return pkg[1]!;
  if (url.includes("undici")) return "undici (fetch)";
  if (url.startsWith("node:internal/")) return `node:${url.slice(14).split("/")[0]}`;
  if (url.startsWith("node:")) return url;
  if (url.includes("/bench/")) return "bench client";
  return url;
}

const frameKey = (frame: ProfileNode["callFrame"]) =>
  `${frame.functionName || "(anonymous)"}${frame.url === "" ? "" : ` ${frame.url.replace(/^.*\/(node_modules|src)\//, "$1/")}:${frame.lineNumber + 1}`}`;

interface Tally {
  areas: Map<string, number>;
  functions: Map<string, number>;
  inclusive: Map<string, number>;
  busy: number;
}

function tally(profile: CpuProfile): Tally {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, micros: number) =>
    map.set(key, (map.get(key) ?? 0) + micros);
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame.url, frame.functionName);
    if (area === "(idle)") return;
    busy += micros;
    add(areas, area, micros);
    add(functions, frameKey(frame), micros);
    // Inclusive time of alice-agents functions: a frame counts once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const caller = byId.get(at)!.callFrame;
      if (!ALICE_SRC.test(caller.url)) continue;
      const key = frameKey(caller);
      if (!seen.has(key)) add(inclusive, key, micros);
      seen.add(key);
    }
  });
  return { areas, functions, inclusive, busy };
}

/** Markdown tables: busy CPU per run by area for each profile, then the last one's hot spots. */
export function summariseProfiles(
  profiles: readonly { name: string; profile: CpuProfile }[],
  runs: number,
  top = 25,
): string {
  const tallies = profiles.map((p) => tally(p.profile));
  const perRun = (micros: number | undefined) => ((micros ?? 0) / runs).toFixed(1);
  const areaNames = [...new Set(tallies.flatMap((t) => [...t.areas.keys()]))].sort(
    (a, b) =>
      Math.max(...tallies.map((t) => t.areas.get(b) ?? 0)) -
      Math.max(...tallies.map((t) => t.areas.get(a) ?? 0)),
  );
  const last = tallies.at(-1)!;
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => `| ${perRun(micros)} | ${key} |`);
  return [
    `Busy CPU (sampled, idle excluded) in µs per run, ${runs} runs:`,
    "",
    `| area | ${profiles.map((p) => p.name).join(" | ")} |`,
    `|---|${profiles.map(() => "---|").join("")}`,
    `| **total** | ${tallies.map((t) => `**${perRun(t.busy)}**`).join(" | ")} |`,
    ...areaNames
      .slice(0, top)
      .map((area) => `| ${area} | ${tallies.map((t) => perRun(t.areas.get(area))).join(" | ")} |`),
    "",
    `Hottest functions of ${profiles.at(-1)!.name} (self µs per run):`,
    "",
    "| µs/run | function |",
    "|---|---|",
    ...rows(last.functions),
    "",
    `alice-agents functions of ${profiles.at(-1)!.name} (inclusive µs per run):`,
    "",
    "| µs/run | function |",
    "|---|---|",
    ...rows(last.inclusive),
  ].join("\n");
}

if (import.meta.main) {
  const [runs, ...files] = process.argv.slice(2);
  if (runs === undefined || files.length === 0)
    throw new Error("usage: node profile-summary.ts <runs> <a.cpuprofile> [b.cpuprofile …]");
  const profiles = files.map((file) => ({
    name: basename(file, ".cpuprofile"),
    profile: JSON.parse(readFileSync(file, "utf8")) as CpuProfile,
  }));
  process.stdout.write(`${summariseProfiles(profiles, Number(runs))}\n`);
}
