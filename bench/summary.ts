/**
 * Reduces the raw measurements to one figure per client and mode. Times are medians over
 * batches; ratios to the floor are medians of paired ratios: each batch against the floor's
 * batch of the same cycle (seconds apart), so slow drifts of the machine cancel out.
 */
import type { ClientName } from "./client-names.ts";
import type { Machine } from "./machine.ts";
import type {
  BatchResult,
  ColdResult,
  EngineResult,
  MeasureConfig,
  Mode,
  PausedResult,
  WorkerResult,
} from "./measurements.ts";
import { median, spread } from "./stats.ts";

/** Everything one `npm run bench` collected (also written to results.json). */
export interface Collected {
  machine: Machine;
  settings: {
    quick: boolean;
    coldRepeats: number;
    latencyMs: number;
    pinned: boolean;
    measure: MeasureConfig;
    engine: { transitions: number; repeats: number };
    paused: { liveRuns: number; parsedRuns: number };
  };
  clients: ClientName[];
  cold: Partial<Record<ClientName, ColdResult[]>>;
  batches: BatchResult[];
  workers: WorkerResult[];
  /** Per round: model requests the mock counted against (tool rounds + 1) × the runs the workers made. */
  requests: { counted: number; expected: number }[];
  /** CPUs busy with other work just before each cycle started. */
  busyBefore: number[];
  /** CPUs the whole machine kept busy during each cycle (the client and the mock included). */
  busyDuring: number[];
  engine?: EngineResult;
  paused?: PausedResult;
  loadAverageEnd: string;
  seconds: number;
}

/** One mode of one client. */
export interface ModeSummary {
  ms: number;
  /** Median of the paired ratios to the floor's time, and their spread. */
  ratio: number;
  ratioSpread: number;
  cpuMs: number;
  cpuRatio: number;
  eventLoopP99Ms: number;
  batches: number;
}

/** Cold start of one client. */
export interface ColdSummary {
  ms: number;
  ratio: number;
  ratioSpread: number;
  bootMs: number;
  importMs: number;
  firstRunMs: number;
  rssBytes: number;
}

/** One client's figures. */
export interface ClientSummary {
  modes: Partial<Record<Mode, ModeSummary>>;
  rssBytes: number;
  rssRatio: number;
  cold?: ColdSummary;
}

const MODES: readonly Mode[] = ["sequential", "concurrent", "stream"];

function summariseMode(
  batches: readonly BatchResult[],
  client: string,
  mode: Mode,
): ModeSummary | undefined {
  const mine = batches.filter((b) => b.client === client && b.mode === mode);
  if (mine.length === 0) return undefined;
  const pairs = mine.flatMap((b) => {
    const floor = batches.find(
      (f) => f.client === "floor" && f.mode === mode && f.round === b.round && f.cycle === b.cycle,
    );
    return floor === undefined
      ? []
      : [{ time: b.msPerRun / floor.msPerRun, cpu: b.cpuMsPerRun / floor.cpuMsPerRun }];
  });
  const ratios = pairs.map((p) => p.time);
  return {
    ms: median(mine.map((b) => b.msPerRun)),
    ratio: median(ratios),
    ratioSpread: spread(ratios),
    cpuMs: median(mine.map((b) => b.cpuMsPerRun)),
    cpuRatio: median(pairs.map((p) => p.cpu)),
    eventLoopP99Ms: median(mine.map((b) => b.eventLoopDelayP99Ms)),
    batches: mine.length,
  };
}

function summariseCold(cold: Collected["cold"], client: ClientName): ColdSummary | undefined {
  const mine = cold[client] ?? [];
  if (mine.length === 0) return undefined;
  const floor = cold.floor ?? [];
  const ms = (c: ColdResult) => c.importMs + c.firstRunMs;
  const ratios = mine.flatMap((c, i) => (floor[i] === undefined ? [] : [ms(c) / ms(floor[i])]));
  return {
    ms: median(mine.map(ms)),
    ratio: median(ratios),
    ratioSpread: spread(ratios),
    bootMs: median(mine.map((c) => c.bootMs)),
    importMs: median(mine.map((c) => c.importMs)),
    firstRunMs: median(mine.map((c) => c.firstRunMs)),
    rssBytes: median(mine.map((c) => c.maxRssBytes)),
  };
}

/** The figures of every client that was measured, floor first. */
export function summarise(collected: Collected): Map<ClientName, ClientSummary> {
  const rss = (client: string) =>
    median(collected.workers.filter((w) => w.client === client).map((w) => w.maxRssBytes));
  const summaries = new Map<ClientName, ClientSummary>();
  for (const client of collected.clients) {
    const modes: ClientSummary["modes"] = {};
    for (const mode of MODES) {
      const summary = summariseMode(collected.batches, client, mode);
      if (summary !== undefined) modes[mode] = summary;
    }
    if (modes.sequential === undefined) continue;
    const cold = summariseCold(collected.cold, client);
    summaries.set(client, {
      modes,
      rssBytes: rss(client),
      rssRatio: rss(client) / rss("floor"),
      ...(cold === undefined ? {} : { cold }),
    });
  }
  return summaries;
}
