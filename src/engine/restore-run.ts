import { AliceError } from "../errors/alice-error.ts";
import type { LoadedRun, RunStore } from "../stores/run-store.ts";
import { applyOutput } from "./record-node.ts";
import type { RunSnapshot } from "./run-snapshot.ts";
import { RunState } from "./run-state.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { NodeResponse, TaskResponse } from "./types.ts";

// A stored run read back: its history from its "node" events, the rest from its snapshot.

/** The run rebuilt from its events and snapshot: history, variables, retry counts, answers. */
export function restoreRun(task: RunnableTask, loaded: LoadedRun, snapshot: RunSnapshot): RunState {
  const run = new RunState({
    runId: loaded.run.runId,
    parentRunId: loaded.run.parentRunId,
    taskInputs: snapshot.taskInputs,
    interactions: snapshot.interactions,
    state: snapshot.state,
  });
  for (const node of nodesOf(loaded)) {
    run.record(node);
    applyOutput(task, run, node);
  }
  for (const [node, count] of Object.entries(snapshot.retries)) run.retries.set(node, count);
  const answer = run.latestUserResponse();
  if (answer !== undefined) run.vars.userResponse = answer;
  return run;
}

/**
 * A stored run's response as its run returned it: for a finished or paused run (a paused
 * sub-task's response read from its own stored run).
 */
export async function storedResponse(store: RunStore, loaded: LoadedRun): Promise<TaskResponse> {
  const { run } = loaded;
  const snapshot = run.snapshot as unknown as RunSnapshot;
  const result = snapshot.result;
  if (result === undefined) throw storedRunDamaged(loaded, `it is ${run.status} without a result`);
  const response: TaskResponse = {
    schemaVersion: 1,
    taskId: snapshot.taskId,
    runId: run.runId,
    taskName: run.taskName,
    taskDescription: snapshot.taskDescription,
    status: result.status,
    resultCode: result.resultCode,
    resultDiagnostic: result.resultDiagnostic,
    taskInputs: snapshot.taskInputs,
    taskOutputs: result.taskOutputs,
    nodeReferences: nodesOf(loaded),
    userInteractions: snapshot.interactions,
    state: snapshot.state,
    usageMetrics: snapshot.usage,
  };
  if (run.parentRunId !== undefined) response.parentRunId = run.parentRunId;
  if (result.structuredOutput !== undefined) response.structuredOutput = result.structuredOutput;
  if (result.error !== undefined) response.error = result.error;
  const pending = snapshot.pending;
  if (result.status === "pending" && pending !== undefined) {
    response.pending = {
      nodeName: pending.nodeName,
      interaction: pending.interaction,
      path: pending.path,
    };
    if (pending.childRunId !== undefined) {
      const child = await store.loadRun(pending.childRunId);
      if (child === undefined)
        throw storedRunDamaged(
          loaded,
          `its paused sub-task run "${pending.childRunId}" is not stored`,
        );
      response.pending.child = await storedResponse(store, child);
    }
  }
  return response;
}

/** The run's history: its "node" events in order. */
export function nodesOf(loaded: LoadedRun): NodeResponse[] {
  return loaded.events.flatMap((e) =>
    e.kind === "node" ? [e.data as unknown as NodeResponse] : [],
  );
}

/** The stored run cannot be continued: `RUN_STORE_FAILED`, saying why. */
export function storedRunDamaged(loaded: LoadedRun, why: string): AliceError {
  return new AliceError(
    "RUN_STORE_FAILED",
    `Stored run "${loaded.run.runId}" of task "${loaded.run.taskName}" cannot be continued: ${why}.`,
  );
}
