/** Writes results.md from what one run collected. */
import { CLIENT_LABELS, type ClientName, PEERS } from "./client-names.ts";
import { median } from "./stats.ts";
import { type ClientSummary, type Collected, type Figure, summarise } from "./summary.ts";

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
  const summaries = new Map<ClientName, ClientSummary>();
  for (const name of collected.clients) {
    const measured = collected.measured[name] ?? [];
    if (measured.length > 0) summaries.set(name, summarise(measured, collected.cold[name] ?? []));
  }
  const floor = summaries.get("floor");
  const alice = summaries.get("alice");
  const lines: string[] = [];
  const out = (...text: string[]) => lines.push(...text);
  const r = (value: number | undefined, base: number | undefined) =>
    value === undefined || base === undefined ? "" : ` (${ratio(value / base)})`;

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
      "(the `openai` SDK with a hand-written loop) from the same run; for runs/s it is the floor's " +
      "rate over the client's, so above 1.00× is always slower or bigger.",
    "",
    "| client | sequential ms/run | sequential runs/s | 100 in flight runs/s | streaming ms/run | CPU ms/run | peak RSS | cold start ms |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const [name, s] of summaries) {
    const stream =
      s.streamMs === undefined
        ? "–"
        : `${ms(s.streamMs.value)}${r(s.streamMs.value, floor?.streamMs?.value)}`;
    out(
      `| ${CLIENT_LABELS[name]} | ${ms(s.sequentialMs.value)}${r(s.sequentialMs.value, floor?.sequentialMs.value)} ` +
        `| ${int(1000 / s.sequentialMs.value)} ` +
        `| ${int(1000 / s.concurrentMs.value)}${r(s.concurrentMs.value, floor?.concurrentMs.value)} ` +
        `| ${stream} | ${ms(s.cpuMs.value)}${r(s.cpuMs.value, floor?.cpuMs.value)} ` +
        `| ${mib(s.rssBytes.value)}${r(s.rssBytes.value, floor?.rssBytes.value)} ` +
        `| ${ms(s.coldMs.value)}${r(s.coldMs.value, floor?.coldMs.value)} |`,
    );
  }
  out(
    "",
    "- **sequential**: one run after another; **100 in flight**: 100 runs at a time on one event loop; " +
      "**streaming**: sequential runs streaming every model answer and reading its text deltas " +
      "(against the floor's own streaming loop).",
    "- **CPU ms/run**: user + system CPU time of the client process per sequential run " +
      "(`process.cpuUsage()`); the mock's CPU is not in it.",
    "- **peak RSS**: `maxRSS` of the client's process over its whole workload (warm-up, sequential, " +
      "100 in flight, streaming).",
    "- **cold start**: a fresh process importing the client (the framework) and making its first run, " +
      "checked; Node's own start (the same for all) is not included. alice-agents is loaded from its " +
      "TypeScript sources (`--conditions=alice-source`), so its import includes Node stripping the types.",
    "",
  );

  if (floor !== undefined && alice !== undefined)
    renderTargets(out, summaries, floor, alice, collected);
  renderEngine(out, collected);
  renderPaused(out, collected);
  renderDetails(out, summaries, collected);
  return `${lines.join("\n")}\n`;
}

function renderTargets(
  out: (...text: string[]) => void,
  summaries: ReadonlyMap<ClientName, ClientSummary>,
  floor: ClientSummary,
  alice: ClientSummary,
  collected: Collected,
): void {
  out("## Targets", "", "| target | alice-agents | verdict |", "|---|---|---|");
  const modes: [string, (s: ClientSummary) => Figure | undefined][] = [
    ["sequential", (s) => s.sequentialMs],
    ["100 in flight", (s) => s.concurrentMs],
    ["streaming", (s) => s.streamMs],
  ];
  for (const [mode, pick] of modes) {
    const a = pick(alice)?.value;
    const f = pick(floor)?.value;
    if (a === undefined || f === undefined) continue;
    out(
      `| ${mode}: within 1.10× the floor | ${ratio(a / f)} (${ms(a)} vs ${ms(f)} ms/run) | ${within(a / f, 1.1, f)} |`,
    );
    const peers = PEERS.flatMap((name) => {
      const figure = summaries.get(name);
      const value = figure === undefined ? undefined : pick(figure)?.value;
      return value === undefined ? [] : [[name, value] as const];
    });
    if (peers.length === 0) continue;
    const [best, bestMs] = peers.reduce((a, b) => (b[1] < a[1] ? b : a));
    const verdict =
      a < bestMs
        ? `met (fastest peer: ${CLIENT_LABELS[best]}, ${ratio(bestMs / f)})`
        : `**missed**: ${CLIENT_LABELS[best]} is faster (${ms(bestMs)} ms/run, ${ratio(a / bestMs)} of it)`;
    out(`| ${mode}: faster than every peer | ${ms(a)} ms/run | ${verdict} |`);
  }
  const cold = alice.coldMs.value / floor.coldMs.value;
  out(
    `| cold start within 1.5× the floor | ${ratio(cold)} (${ms(alice.coldMs.value)} vs ${ms(floor.coldMs.value)} ms) ` +
      `| ${within(cold, 1.5, floor.coldMs.value)} |`,
  );
  const engine = collected.engine;
  if (engine !== undefined) {
    const times = median(engine.alice) / median(engine.langgraph);
    out(
      `| engine-only transitions ≥ 10× LangGraph's | ${ratio(times)} | ${times >= 10 ? "met" : `**missed** by ${ratio(10 - times)}`} |`,
    );
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
    "Spread: half the range of the batch figures around their median (all rounds). Cold start: " +
      `median of ${settings.coldRepeats} fresh processes, split into Node's start, import and first run.`,
    "",
    "| client | spread seq / 100 / stream | CPU ms/run, 100 in flight | event-loop delay p99, 100 in flight | cold: boot / import / first run ms | RSS after cold start | model requests per run |",
    "|---|---|---|---|---|---|---|",
  );
  for (const [name, s] of summaries) {
    out(
      `| ${CLIENT_LABELS[name]} | ${pct(s.sequentialMs.spread)} / ${pct(s.concurrentMs.spread)} / ` +
        `${s.streamMs === undefined ? "–" : pct(s.streamMs.spread)} | ${ms(s.cpuConcurrentMs.value)} ` +
        `| ${ms(s.eventLoopP99Ms)} ms | ${ms(s.bootMs)} / ${ms(s.importMs)} / ${ms(s.firstRunMs)} ` +
        `| ${mib(s.coldRssBytes)} | ${s.requestsPerRun.toFixed(2)} |`,
    );
  }
  const busy = collected.busyBefore.filter(Number.isFinite);
  const during = collected.busyDuring.filter(Number.isFinite);
  out(
    "",
    "## How this was measured",
    "",
    `- The mock (\`mock-server.ts\`: \`node:http\`, keep-alive, pre-serialised JSON and SSE bodies, ` +
      `${settings.latencyMs} ms added latency) runs in its own process${settings.pinned ? " pinned to CPU 1" : ""}; ` +
      `each client runs in a fresh process${settings.pinned ? " pinned to CPU 0" : ""}, one at a time.`,
    `- ${settings.rounds} rounds; in each, every client (order rotated per round) gets a fresh process: ` +
      `${m.warmupRuns} warm-up runs per mode, then ${m.batches} batches each of ${m.sequentialRuns} sequential runs, ` +
      `${m.concurrentRuns} runs with ${m.concurrency} in flight, and ${m.streamRuns} streaming runs. ` +
      "Figures are medians over all batches of all rounds; CPU and RSS are medians over rounds.",
    "- Every client uses Chat Completions (the Agents SDK also with its default, the Responses API); " +
      "the Agents SDK runs with tracing disabled (it would export traces to the OpenAI API). " +
      "Mastra is not measured here.",
    `- Before each measuring process the harness waits (up to 30 s) for the machine to be quiet; ` +
      `other work seen then: median ${busy.length === 0 ? "n/a" : median(busy).toFixed(2)} CPUs, ` +
      `max ${busy.length === 0 ? "n/a" : Math.max(...busy).toFixed(2)}. ` +
      `While a client was measured the machine as a whole kept median ${during.length === 0 ? "n/a" : median(during).toFixed(2)} ` +
      `CPUs busy (max ${during.length === 0 ? "n/a" : Math.max(...during).toFixed(2)}), the client and the mock included. ` +
      `Load average at the start ${collected.machine.loadAverage}, at the end ${collected.loadAverageEnd}.`,
    "",
  );
}
