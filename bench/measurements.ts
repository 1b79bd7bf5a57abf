/** What the measuring processes report to the harness (one JSON line on stdout each). */

/** How much one measuring process runs. Every loop is bounded by a count and by `timeLimitMs`. */
export interface MeasureConfig {
  /** Runs before measuring, per mode (sequential, 100 in flight, streaming). */
  warmupRuns: number;
  /** Measured batches per mode; the report takes their median. */
  batches: number;
  sequentialRuns: number;
  concurrentRuns: number;
  concurrency: number;
  streamRuns: number;
  /** A phase taking longer than this fails the process. */
  timeLimitMs: number;
}

/** One mode's figures: wall time per run of each batch, CPU time per run over all batches. */
export interface ModeFigures {
  msPerRun: number[];
  cpuMsPerRun: number;
  runs: number;
}

/** `clients/measure.ts`: one client, all modes, in one fresh process. */
export interface MeasureResult {
  client: string;
  sequential: ModeFigures;
  concurrent: ModeFigures & { eventLoopDelayP99Ms: number };
  stream?: ModeFigures;
  /** Peak RSS of the process (`process.resourceUsage().maxRSS`), whole workload. */
  maxRssBytes: number;
  /** Model requests the mock counted per measured run (2 for this scenario). */
  requestsPerRun: number;
}

/** `clients/cold.ts`: import + first run in a fresh process. */
export interface ColdResult {
  client: string;
  /** Node start until the harness script began (the same for every client). */
  bootMs: number;
  importMs: number;
  firstRunMs: number;
  maxRssBytes: number;
}

/** `clients/engine-loop.ts`: the 3-node loop without HTTP. */
export interface EngineResult {
  transitions: number;
  repeats: number;
  alice: number[];
  langgraph: number[];
}

/** `clients/paused.ts`: memory of pending runs after 10 tool rounds. */
export interface PausedResult {
  rounds: number;
  serializedBytes: number;
  nodes: number;
  messages: number;
  liveRuns: number;
  liveHeapBytes: number;
  parsedRuns: number;
  parsedHeapBytes: number;
  serializeMs: number;
  parseMs: number;
}

/** Writes a process's result as its one stdout line. */
export function report(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
