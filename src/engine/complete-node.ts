import { AliceError } from "../errors/alice-error.ts";
import { describeThrown } from "../errors/describe-thrown.ts";
import { isThenable } from "./is-thenable.ts";
import type { RunOutcome } from "./run-outcome.ts";
import type { CompletedNode, RunSeams } from "./seams.ts";

/**
 * Tells the `nodeCompleted` seam about a recorded, routed node and reads its verdict: nothing
 * (go on), a veto (what it threw: the run fails with that error), or `"handoff"` (the run stops
 * here, `cancelled` with `RUN_HANDED_OFF`, to be continued elsewhere; ignored on the last node,
 * where nothing is left to continue). Synchronous when the seam is.
 */
export function completeNode(
  seams: RunSeams,
  completed: CompletedNode,
): RunOutcome | undefined | Promise<RunOutcome | undefined> {
  const { nodeCompleted } = seams;
  if (nodeCompleted === undefined) return undefined;
  try {
    const said = nodeCompleted(completed);
    return isThenable(said)
      ? Promise.resolve(said).then(
          (verdict) => handoff(completed, verdict),
          (error: unknown) => veto(completed, error),
        )
      : handoff(completed, said);
  } catch (error) {
    return veto(completed, error);
  }
}

function handoff(completed: CompletedNode, verdict: unknown): RunOutcome | undefined {
  if (verdict !== "handoff" || completed.next === null) return undefined;
  return {
    kind: "cancel",
    error: {
      code: "RUN_HANDED_OFF",
      nodeName: completed.next,
      message: `Task "${completed.taskName}" stopped after node "${completed.node.nodeName}" to be continued elsewhere at node "${completed.next}".`,
    },
  };
}

function veto(completed: CompletedNode, error: unknown): RunOutcome {
  return {
    kind: "fail",
    error: {
      code: AliceError.isInstance(error) ? error.code : "RUN_VETOED",
      nodeName: completed.node.nodeName,
      message: `Task "${completed.taskName}" stopped after node "${completed.node.nodeName}": the run's store refused it (${describeThrown(error)}).`,
    },
  };
}
