/** Reduces the raw measurements to one figure per client and mode (medians), with spreads. */
import type { ClientName } from "./client-names.ts";
import type { Machine } from "./machine.ts";
import type {
  ColdResult,
  EngineResult,
  MeasureConfig,
  MeasureResult,
  PausedResult,
} from "./measurements.ts";
import { median, spread } from "./stats.ts";

/** Everything one `npm run bench` collected (also written to results.json). */
export interface Collected {
  machine: Machine;
  settings: {
    quick: boolean;
    rounds: number;
    coldRepeats: number;
    latencyMs: number;
    pinned: boolean;
    measure: MeasureConfig;
    engine: { transitions: number; repeats: number };
    paused: { liveRuns: number; parsedRuns: number };
  };
  clients: ClientName[];
  cold: Partial<Record<ClientName, ColdResult[]>>;
  measured: Partial<Record<ClientName, MeasureResult[]>>;
  /** CPUs busy with other work just before each measuring process started. */
  busyBefore: number[];
  /** CPUs the whole machine kept busy while each measuring process ran (client and mock included). */
  busyDuring: number[];
  engine?: EngineResult;
  paused?: PausedResult;
  loadAverageEnd: string;
  seconds: number;
}

/** A median and the spread of the samples it came from. */
export interface Figure {
  value: number;
  spread: number;
}

/** One client's figures. */
export interface ClientSummary {
  sequentialMs: Figure;
  concurrentMs: Figure;
  streamMs?: Figure;
  cpuMs: Figure;
  cpuConcurrentMs: Figure;
  rssBytes: Figure;
  coldMs: Figure;
  bootMs: number;
  importMs: number;
  firstRunMs: number;
  coldRssBytes: number;
  eventLoopP99Ms: number;
  requestsPerRun: number;
}

const figure = (values: readonly number[]): Figure => ({
  value: median(values),
  spread: spread(values),
});

export function summarise(
  measured: readonly MeasureResult[],
  cold: readonly ColdResult[],
): ClientSummary {
  const streams = measured.flatMap((m) => (m.stream === undefined ? [] : [m.stream]));
  return {
    sequentialMs: figure(measured.flatMap((m) => m.sequential.msPerRun)),
    concurrentMs: figure(measured.flatMap((m) => m.concurrent.msPerRun)),
    ...(streams.length === 0 ? {} : { streamMs: figure(streams.flatMap((s) => s.msPerRun)) }),
    cpuMs: figure(measured.map((m) => m.sequential.cpuMsPerRun)),
    cpuConcurrentMs: figure(measured.map((m) => m.concurrent.cpuMsPerRun)),
    rssBytes: figure(measured.map((m) => m.maxRssBytes)),
    coldMs: figure(cold.map((c) => c.importMs + c.firstRunMs)),
    bootMs: median(cold.map((c) => c.bootMs)),
    importMs: median(cold.map((c) => c.importMs)),
    firstRunMs: median(cold.map((c) => c.firstRunMs)),
    coldRssBytes: median(cold.map((c) => c.maxRssBytes)),
    eventLoopP99Ms: median(measured.map((m) => m.concurrent.eventLoopDelayP99Ms)),
    requestsPerRun: median(measured.map((m) => m.requestsPerRun)),
  };
}
