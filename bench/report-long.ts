/**
 * Writes results-long.md from what `npm run bench -- --scenario long` collected: the agent of the
 * main benchmark run for 20 tool rounds, with the cost of each round, so that work which grows with
 * the conversation (rebuilding every message at every model call) shows as rounds getting slower.
 */
import { CLIENT_LABELS, type ClientName } from "./client-names.ts";
import type { Mode } from "./measurements.ts";
import { median } from "./stats.ts";
import { type Collected, summarise } from "./summary.ts";

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(2));
const int = (value: number) => Math.round(value).toLocaleString("en");
const ratio = (value: number) => `${value.toFixed(2)}×`;
const cell = (value: string, ratioValue: number | undefined) =>
  ratioValue === undefined || Number.isNaN(ratioValue) ? value : `${value} (${ratio(ratioValue)})`;

/** The rounds shown in the per-round table: the first, the last, and each quarter between. */
function shownRounds(toolRounds: number): number[] {
  const picks = [1, 0.25, 0.5, 0.75, 1].map((share, i) =>
    i === 0 ? 1 : Math.round(toolRounds * share),
  );
  return [...new Set(picks.filter((round) => round >= 1))].sort((a, b) => a - b);
}

/** Least-squares slope of `values` against 1, 2, 3, …: how much a round adds to the next. */
export function slope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const meanX = (n + 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((y, i) => {
    numerator += (i + 1 - meanX) * (y - meanY);
    denominator += (i + 1 - meanX) ** 2;
  });
  return numerator / denominator;
}

/** The median of each phase over a client's batches of one mode; undefined if none was timed. */
export function medianPhases(
  collected: Collected,
  client: ClientName,
  mode: Mode,
): number[] | undefined {
  const batches = collected.batches.filter(
    (b) => b.client === client && b.mode === mode && b.phaseMs !== undefined,
  );
  if (batches.length === 0) return undefined;
  return batches[0]!.phaseMs!.map((_, i) => median(batches.map((b) => b.phaseMs![i]!)));
}

export function renderLongReport(collected: Collected): string {
  const { machine, settings } = collected;
  const m = settings.measure;
  const rounds = m.toolRounds;
  const requests = rounds + 1;
  const summaries = summarise(collected);
  const lines: string[] = [];
  const out = (...text: string[]) => lines.push(...text);

  out(
    `# Benchmark: a long agent run (${rounds} tool rounds)`,
    "",
    `Written by \`npm run bench -- --scenario long\` (in \`bench/\`) on ${machine.date}: Node ${machine.node}, ` +
      `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.kernel}. ` +
      `alice-agents ${machine.aliceVersion}. The whole run took ${(collected.seconds / 60).toFixed(1)} min` +
      `${settings.quick ? " (**--quick**: too few iterations to quote)" : ""}.`,
    "",
    `The agent of the main benchmark (one tool \`add(a, b)\`, "What is 2+3?"), but the mock asks for ` +
      `\`add\` ${rounds} times before it answers: a run is ${requests} model requests, and the last ` +
      `carries ${2 * rounds + 2} messages. Every request sends the whole conversation, so the wire ` +
      "itself costs more each round for every client, the floor included; what a framework adds on top " +
      "should not grow with the round. In brackets: the multiple of the floor (paired per cycle, as in " +
      "the main benchmark).",
    "",
    "| client | sequential ms/run | ms per model request | 100 in flight runs/s | streaming ms/run | CPU ms/run |",
    "|---|---|---|---|---|---|",
  );
  for (const [name, s] of summaries) {
    const seq = s.modes.sequential!;
    const conc = s.modes.concurrent;
    const stream = s.modes.stream;
    out(
      `| ${CLIENT_LABELS[name]} | ${cell(ms(seq.ms), seq.ratio)} | ${ms(seq.ms / requests)} ` +
        `| ${conc === undefined ? "–" : cell(int(1000 / conc.ms), conc.ratio)} ` +
        `| ${stream === undefined ? "–" : cell(ms(stream.ms), stream.ratio)} ` +
        `| ${cell(ms(seq.cpuMs), seq.cpuRatio)} |`,
    );
  }

  const shown = shownRounds(rounds);
  out(
    "",
    "## Cost per round",
    "",
    `Each run, one at a time, is cut at the start of its model requests (a wrapped \`fetch\`): ` +
      "round k runs from the start of request k to the start of request k + 1 (the request, its " +
      "answer read, the tool run, the next request built); medians over runs, then over batches. " +
      "Growth is the least-squares slope over all rounds: what each round adds to the next one.",
    "",
    `| client | mode | before request 1 | ${shown.map((r) => `round ${r}`).join(" | ")} | final answer | round ${rounds} ÷ round 1 | growth per round |`,
    `|---|---|---|${shown.map(() => "---|").join("")}---|---|---|`,
  );
  for (const mode of ["sequential", "stream"] as const) {
    const floorPhases = medianPhases(collected, "floor", mode);
    for (const name of summaries.keys()) {
      const phases = medianPhases(collected, name, mode);
      if (phases === undefined) continue;
      const roundMs = phases.slice(1, rounds + 1);
      const floorRound = (r: number) => (floorPhases === undefined ? Number.NaN : floorPhases[r]!);
      const roundCells = shown.map((r) =>
        name === "floor"
          ? ms(roundMs[r - 1]!)
          : cell(ms(roundMs[r - 1]!), roundMs[r - 1]! / floorRound(r)),
      );
      out(
        `| ${CLIENT_LABELS[name]} | ${mode === "stream" ? "streaming" : mode} | ${ms(phases[0]!)} ` +
          `| ${roundCells.join(" | ")} | ${ms(phases[rounds + 1]!)} ` +
          `| ${ratio(roundMs[rounds - 1]! / roundMs[0]!)} | ${(slope(roundMs) * 1000).toFixed(1)} µs |`,
      );
    }
  }

  const requestCounts = collected.requests
    .map((r) => `${int(r.counted)} of ${int(r.expected)} expected`)
    .join("; ");
  out(
    "",
    "## How this was measured",
    "",
    `- As the main benchmark (results.md): the mock in its own process${settings.pinned ? " pinned to CPU 1" : ""}, ` +
      `each client in its own worker${settings.pinned ? " pinned to CPU 0" : ""}, ${settings.latencyMs} ms added latency.`,
    `- ${m.rounds} round${m.rounds === 1 ? "" : "s"} of fresh workers; ${m.warmupRuns} warm-up runs per mode, then ` +
      `${m.cycles} cycles of ${m.sequentialRuns} sequential runs, ${m.concurrentRuns} runs with ` +
      `${m.concurrency} in flight and ${m.streamRuns} streaming runs per client, order rotated per cycle.`,
    `- Model requests counted by the mock, per round of workers: ${requestCounts} (${requests} per run).`,
    `- Load average at the start ${machine.loadAverage}, at the end ${collected.loadAverageEnd}.`,
    "",
  );
  return `${lines.join("\n")}\n`;
}
