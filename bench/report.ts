/** Writes results.md from what one run collected. */
import { CLIENT_LABELS, type ClientName, PEERS } from "./client-names.ts";
import type { Mode } from "./measurements.ts";
import { median } from "./stats.ts";
import { type ClientSummary, type Collected, summarise } from "./summary.ts";

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(2));
const int = (value: number) => Math.round(value).toLocaleString("en");
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const ratio = (value: number) => `${value.toFixed(2)}×`;
const pct = (share: number) => `±${(share * 100).toFixed(0)}%`;

/** The target table's verdict for a ratio that must stay at or under `limit`. */
function within(value: number, limit: number, floorMs: number): string {
  if (value <= limit) return "met";
  const over = (value - limit) * floorMs;
  return `**missed** by ${ratio(value - limit)} (${ms(over)} ms per run over the target)`;
}

export function renderReport(collected: Collected): string {
  const { machine, settings } = collected;
  const summaries = summarise(collected);
  const lines: string[] = [];
  const out = (...text: string[]) => lines.push(...text);
  const cell = (value: string, ratioValue: number | undefined) =>
    ratioValue === undefined || Number.isNaN(ratioValue)
      ? value
      : `${value} (${ratio(ratioValue)})`;

  out(
    "# Benchmarks: alice-agents against the frameworks people would pick instead",
    "",
    `Written by \`npm run bench\` (in \`bench/\`) on ${machine.date}: Node ${machine.node}, ` +
      `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.kernel}. ` +
      `alice-agents ${machine.aliceVersion}. The whole run took ${(collected.seconds / 60).toFixed(1)} min` +
      `${settings.quick ? " (**--quick**: too few iterations to quote)" : ""}.`,
    "",
    `Peers: ${Object.entries(machine.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}.`,
    "",
    "## Agent runs: one tool round against a loopback mock",
    "",
    'Each client runs the same agent: one tool `add(a, b)`, the question "What is 2+3?"; the mock ' +
      "answers the first request with a tool call and the second, once it has seen the tool result 5, " +
      "with the final text, which every client checks on every run. The mock adds no latency, so the " +
      "figures are the client's own overhead plus loopback HTTP. In brackets: the multiple of the floor " +
      "(the `openai` SDK with a hand-written loop), the median of each batch against the floor's batch " +
      "of the same cycle; for runs/s it is the floor's rate over the client's, so above 1.00× is always " +
      "slower or bigger.",
    "",
    "| client | sequential ms/run | sequential runs/s | 100 in flight runs/s | streaming ms/run | CPU ms/run | peak RSS | cold start ms |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const [name, s] of summaries) {
    const seq = s.modes.sequential!;
    const conc = s.modes.concurrent;
    const stream = s.modes.stream;
    out(
      `| ${CLIENT_LABELS[name]} | ${cell(ms(seq.ms), seq.ratio)} | ${int(1000 / seq.ms)} ` +
        `| ${conc === undefined ? "–" : cell(int(1000 / conc.ms), conc.ratio)} ` +
        `| ${stream === undefined ? "–" : cell(ms(stream.ms), stream.ratio)} ` +
        `| ${cell(ms(seq.cpuMs), seq.cpuRatio)} | ${cell(mib(s.rssBytes), s.rssRatio)} ` +
        `| ${s.cold === undefined ? "–" : cell(ms(s.cold.ms), s.cold.ratio)} |`,
    );
  }
  out(
    "",
    "- **sequential**: one run after another; **100 in flight**: 100 runs at a time on one event loop; " +
      "**streaming**: sequential runs streaming every model answer and reading its text deltas " +
      "(against the floor's own streaming loop).",
    "- **CPU ms/run**: user + system CPU time of the client process per sequential run " +
      "(`process.cpuUsage()`); the mock's CPU is not in it.",
    "- **peak RSS**: `maxRSS` of the client's process over its whole workload (warm-up and every batch, " +
      "100 in flight included).",
    "- **cold start**: a fresh process importing the client (the framework) and making its first run, " +
      "checked; Node's own start (the same for all) is not included. `alice-agents PromptAgentTask` is " +
      "loaded from its TypeScript sources (`--conditions=alice-source`, as this repo runs it), so its " +
      "import includes Node stripping the types; the built row is the bundled JavaScript `npm run build` makes, as installed.",
    "",
  );

  renderTargets(out, summaries, collected);
  renderEngine(out, collected);
  renderPaused(out, collected);
  renderDetails(out, summaries, collected);
  return `${lines.join("\n")}\n`;
}

function renderTargets(
  out: (...text: string[]) => void,
  summaries: ReadonlyMap<ClientName, ClientSummary>,
  collected: Collected,
): void {
  const candidates = (["alice", "alice-built"] as const).filter((c) => summaries.has(c));
  const floor = summaries.get("floor");
  if (candidates.length === 0 || floor === undefined) return;
  out(
    "## Targets",
    "",
    `| target | ${candidates.map((c) => CLIENT_LABELS[c]).join(" | ")} |`,
    `|---|${candidates.map(() => "---|").join("")}`,
  );
  const row = (target: string, verdict: (s: ClientSummary) => string) =>
    out(`| ${target} | ${candidates.map((c) => verdict(summaries.get(c)!)).join(" | ")} |`);
  const modes: [string, Mode][] = [
    ["sequential", "sequential"],
    ["100 in flight", "concurrent"],
    ["streaming", "stream"],
  ];
  for (const [label, mode] of modes) {
    const floorMs = floor.modes[mode]?.ms ?? Number.NaN;
    row(`${label}: within 1.10× the floor`, (s) => {
      const figure = s.modes[mode];
      return figure === undefined
        ? "–"
        : `${ratio(figure.ratio)}: ${within(figure.ratio, 1.1, floorMs)}`;
    });
    row(`${label}: faster than every peer`, (s) => {
      const mine = s.modes[mode]?.ratio;
      const peers = PEERS.flatMap((name) => {
        const value = summaries.get(name)?.modes[mode]?.ratio;
        return value === undefined ? [] : [[name, value] as const];
      });
      if (mine === undefined || peers.length === 0) return "–";
      const [best, bestRatio] = peers.reduce((a, b) => (b[1] < a[1] ? b : a));
      return mine < bestRatio
        ? `met (fastest peer ${CLIENT_LABELS[best]} at ${ratio(bestRatio)})`
        : `**missed**: ${CLIENT_LABELS[best]} at ${ratio(bestRatio)}`;
    });
  }
  row("cold start within 1.5× the floor", (s) =>
    s.cold === undefined
      ? "–"
      : `${ratio(s.cold.ratio)}: ${within(s.cold.ratio, 1.5, floor.cold?.ms ?? Number.NaN)}`,
  );
  const engine = collected.engine;
  if (engine !== undefined) {
    const times = median(engine.alice) / median(engine.langgraph);
    const verdict = `${ratio(times)}: ${times >= 10 ? "met" : `**missed** by ${ratio(10 - times)}`}`;
    row("engine-only transitions ≥ 10× LangGraph's", () => verdict);
  }
  out("");
}

function renderEngine(out: (...text: string[]) => void, collected: Collected): void {
  const engine = collected.engine;
  if (engine === undefined) return;
  const alice = median(engine.alice);
  const langgraph = median(engine.langgraph);
  out(
    "## Engine only, no HTTP",
    "",
    `A 3-node loop (a → b → c → a …) run for ${int(engine.transitions)} node executions, ` +
      "in alice-agents' `AliceTask` and in LangGraph's `StateGraph` (no checkpointer; nodes return " +
      `nothing but c, which counts laps), alternating; median of ${engine.repeats} runs each after a warm-up.`,
    "",
    "| engine | transitions/s | × LangGraph |",
    "|---|---|---|",
    `| alice-agents \`AliceTask\` | ${int(alice)} | ${ratio(alice / langgraph)} |`,
    `| LangGraph.js \`StateGraph\` | ${int(langgraph)} | 1.00× |`,
    "",
  );
}

function renderPaused(out: (...text: string[]) => void, collected: Collected): void {
  const p = collected.paused;
  if (p === undefined) return;
  const per10k = (bytes: number, runs: number) => (bytes / runs) * 10_000;
  out(
    "## Memory of paused runs",
    "",
    `A \`PromptAgentTask\` whose routing sends the ${p.rounds}th tool round to a node with a user ` +
      `checkpoint, so \`run()\` returns \`status: "pending"\` after ${p.rounds} tool rounds ` +
      `(${p.nodes} nodes, ${p.messages} messages in its history); one is resumed from JSON and checked.`,
    "",
    "| measure | result |",
    "|---|---|",
    `| serialised pending \`TaskResponse\` (JSON) | ${int(p.serializedBytes)} bytes |`,
    `| heap per 10,000 live paused runs (${int(p.liveRuns)} real runs kept, 100 in flight) | ` +
      `${mib(per10k(p.liveHeapBytes, p.liveRuns))} (${int(p.liveHeapBytes / p.liveRuns)} bytes per run) |`,
    `| heap per 10,000 paused runs parsed back from JSON (${int(p.parsedRuns)} kept) | ` +
      `${mib(per10k(p.parsedHeapBytes, p.parsedRuns))} (${int(p.parsedHeapBytes / p.parsedRuns)} bytes per run) |`,
    `| \`JSON.stringify\` / \`JSON.parse\` of one | ${p.serializeMs.toFixed(3)} ms / ${p.parseMs.toFixed(3)} ms |`,
    "",
  );
}

function renderDetails(
  out: (...text: string[]) => void,
  summaries: ReadonlyMap<ClientName, ClientSummary>,
  collected: Collected,
): void {
  const { settings } = collected;
  const m = settings.measure;
  out(
    "## Spread and details",
    "",
    "Spread: half the interquartile range of the paired ratios to the floor, as a share of their " +
      `median. Cold start: median of ${settings.coldRepeats} fresh processes per client, split into ` +
      "Node's start, import and first run.",
    "",
    "| client | ratio spread seq / 100 / stream | CPU ms/run at 100 in flight | event-loop delay p99 at 100 in flight | cold: boot / import / first run ms | RSS after cold start |",
    "|---|---|---|---|---|---|",
  );
  for (const [name, s] of summaries) {
    const spreadOf = (mode: Mode) => {
      const figure = s.modes[mode];
      return figure === undefined || name === "floor" ? "–" : pct(figure.ratioSpread);
    };
    const conc = s.modes.concurrent;
    const cold = s.cold;
    out(
      `| ${CLIENT_LABELS[name]} | ${spreadOf("sequential")} / ${spreadOf("concurrent")} / ${spreadOf("stream")} ` +
        `| ${conc === undefined ? "–" : cell2(ms(conc.cpuMs), conc.cpuRatio)} ` +
        `| ${conc === undefined ? "–" : `${ms(conc.eventLoopP99Ms)} ms`} ` +
        `| ${cold === undefined ? "–" : `${ms(cold.bootMs)} / ${ms(cold.importMs)} / ${ms(cold.firstRunMs)}`} ` +
        `| ${cold === undefined ? "–" : mib(cold.rssBytes)} |`,
    );
  }
  const busy = collected.busyBefore.filter(Number.isFinite);
  const during = collected.busyDuring.filter(Number.isFinite);
  const fixed = (values: number[], pick: (v: number[]) => number) =>
    values.length === 0 ? "n/a" : pick(values).toFixed(2);
  const requests = collected.requests
    .map((r) => `${int(r.counted)} of ${int(r.expected)} expected`)
    .join("; ");
  out(
    "",
    "## How this was measured",
    "",
    "- The mock (`mock-server.ts`: `node:http`, keep-alive, pre-serialised JSON and SSE bodies, " +
      `${settings.latencyMs} ms added latency) runs in its own process${settings.pinned ? " pinned to CPU 1" : ""}; ` +
      `every client runs in its own worker process${settings.pinned ? " pinned to CPU 0" : ""}, and only one ` +
      "works at a time.",
    `- ${m.rounds} round${m.rounds === 1 ? "" : "s"} of fresh workers. In each, every worker makes ${m.warmupRuns} warm-up runs per mode, ` +
      `then ${m.cycles} cycles interleave the clients: in a cycle every client runs one batch per mode ` +
      `(${m.sequentialRuns} sequential runs, ${m.concurrentRuns} runs with ${m.concurrency} in flight, ` +
      `${m.streamRuns} streaming runs), order rotated per cycle. Each batch is compared with the floor's ` +
      "batch of the same cycle, seconds apart: this machine's speed drifts by ±30% over minutes, and " +
      "pairing cancels most of it. Times are medians over all batches; ratios are medians of the " +
      "paired ratios, so a ratio can differ a little from dividing two medians.",
    `- Model requests counted by the mock, per round: ${requests} (2 per run).`,
    "- Every client uses Chat Completions (the Agents SDK also with its default, the Responses API); " +
      "the Agents SDK runs with tracing disabled (it would export traces to the OpenAI API). " +
      "Mastra runs a standalone `Agent` (no `Mastra` instance, so no storage or observability; " +
      "no memory; usage telemetry off).",
    "- Before each cycle the harness waits (up to 15 s) for the machine to be quiet; other work seen " +
      `then: median ${fixed(busy, median)} CPUs, max ${fixed(busy, (v) => Math.max(...v))}. During ` +
      `the cycles the whole machine kept median ${fixed(during, median)} CPUs busy (max ` +
      `${fixed(during, (v) => Math.max(...v))}), the client and the mock included. Load average at the ` +
      `start ${collected.machine.loadAverage}, at the end ${collected.loadAverageEnd}.`,
    "",
  );
}

const cell2 = (value: string, ratioValue: number) =>
  Number.isNaN(ratioValue) ? value : `${value} (${ratio(ratioValue)})`;
