/** What the measuring processes report to the harness (one JSON line on stdout each). */

/** The three ways a client's runs are measured. */
export type Mode = "sequential" | "concurrent" | "stream";

/** How much the measuring workers run. Every loop is bounded by a count and by `timeLimitMs`. */
export interface MeasureConfig {
  /** Fresh worker processes per client, one after another. */
  rounds: number;
  /** Cycles per round; in each, every client runs one batch per mode, the floor's among them. */
  cycles: number;
  /** Runs before measuring, per mode (sequential, 100 in flight, streaming). */
  warmupRuns: number;
  sequentialRuns: number;
  concurrentRuns: number;
  concurrency: number;
  streamRuns: number;
  /** A batch taking longer than this fails the worker. */
  timeLimitMs: number;
  /** Tool rounds per run: 1, or `LONG_TOOL_ROUNDS` in the long scenario. */
  toolRounds: number;
}

/** A command to a measuring worker: one JSON line on its stdin. */
export type WorkerCommand = { cmd: "warmup" } | { cmd: "batch"; mode: Mode } | { cmd: "finish" };

/** The worker's answer to `warmup`. */
export interface WarmupReply {
  streams: boolean;
}

/** The worker's answer to `batch`: one measured batch. */
export interface BatchReply {
  msPerRun: number;
  cpuMsPerRun: number;
  runs: number;
  /** p99 of the event-loop delay during the batch (only meaningful with many in flight). */
  eventLoopDelayP99Ms: number;
  /**
   * Long scenario, one run at a time (sequential and streaming): the median ms of each phase of
   * a run, `toolRounds + 2` of them: before the first model request, each tool round (from the
   * start of model request k to the start of request k + 1), then the final answer.
   */
  phaseMs?: number[];
}

/** A batch as the harness records it. */
export interface BatchResult extends BatchReply {
  client: string;
  mode: Mode;
  round: number;
  cycle: number;
}

/** The worker's answer to `finish`, its last line before it exits. */
export interface WorkerSummary {
  /** Peak RSS of the process (`process.resourceUsage().maxRSS`), whole workload. */
  maxRssBytes: number;
  /** Every run the worker made, warm-ups included (checked against the mock's count). */
  runs: number;
}

/** One worker process's life, as the harness records it. */
export interface WorkerResult extends WorkerSummary {
  client: string;
  round: number;
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
