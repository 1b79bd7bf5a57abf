import type { NodeResponse } from "./types.ts";

/** What a span is about: one node, or a model or tool call inside a node. */
export interface SpanStart {
  kind: "node" | "model" | "tool";
  /** The task, node, model or tool name. */
  name: string;
  /** Plain attributes for the tracer (task name, run id, attempt, …). */
  attributes?: Readonly<Record<string, string | number | boolean>>;
}

/** A node the run has recorded and routed, as the `nodeCompleted` seam is told it. */
export interface CompletedNode {
  readonly taskName: string;
  readonly runId: string;
  readonly parentRunId: string | undefined;
  /** The node's response, as it stands in the history. */
  readonly node: NodeResponse;
  /** Where the routing sends the run next; null when the run ends here. */
  readonly next: string | null;
  /** The run's whole history so far (the same array for the whole run). */
  readonly history: readonly NodeResponse[];
  /** The run's state after the node. */
  readonly state: Readonly<Record<string, unknown>>;
}

/** What the `nodeCompleted` seam answers: nothing to go on, or `"handoff"` to stop here. */
export type NodeVerdict = "handoff" | undefined;

/**
 * Where a durable store, a tracer and a dispatcher plug into a run, without the run loop
 * knowing which: all optional, passed to `run()`/`stream()`/`resume()` as `seams` and handed
 * on to sub-task runs.
 */
export interface RunSeams {
  /**
   * Told every node the run completes, after it is recorded and routed and before the next
   * node runs (also the last one). A store commits it here; what it throws vetoes the run,
   * which ends `failed` with that error (its code when it is an `AliceError`, e.g. a lost
   * lease; else `RUN_VETOED`). Returning `"handoff"` stops the run after this node (a dispatcher continues it
   * elsewhere): the run ends `cancelled` with `RUN_HANDED_OFF`, naming the next node.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a store's commit returns nothing.
  nodeCompleted?(completed: CompletedNode): void | NodeVerdict | Promise<void | NodeVerdict>;
  /**
   * Wraps each node, model call and tool call: a tracer opens a span, calls `call` once and
   * returns (or rethrows) what it gives. Spans nest: a node's span holds its model and tool
   * calls and the runs of its sub-tasks.
   */
  trace?<T>(span: SpanStart, call: () => Promise<T>): Promise<T>;
}
