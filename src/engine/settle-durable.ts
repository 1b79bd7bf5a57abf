import type { ChildOutcomes } from "./node-context.ts";
import { EFFECT_OPTIONS } from "./node-journal.ts";
import type { RunOutcome } from "./run-outcome.ts";
import type { RunState } from "./run-state.ts";
import type { UserInteraction } from "./types.ts";

/**
 * Decides what a durable run's node left that stops the run before the node is recorded (its
 * result is dropped, and a resumed run runs it again):
 * - a question about an unfinished side effect: the run pauses at the node with it, recorded in
 *   the run's interactions like a checkpoint's; resuming with the answer writes it into the
 *   journal entry (see `EFFECT_OPTIONS`);
 * - a sub-task run held by another process: the run stops `cancelled` with `RUN_CONFLICT`, to be
 *   resumed once that process is done or its lease has expired.
 */
export function settleDurable(
  taskName: string,
  run: RunState,
  nodeName: string,
  children: ChildOutcomes,
): RunOutcome | undefined {
  if (children.busy !== undefined) {
    return {
      kind: "cancel",
      error: {
        code: "RUN_CONFLICT",
        nodeName,
        message: `Node "${nodeName}" of task "${taskName}" could not continue its sub-task run: ${children.busy}`,
      },
    };
  }
  const question = children.effect;
  if (question === undefined) return undefined;
  const interaction: UserInteraction = {
    taskName,
    nodeName,
    userPrompt: question.userPrompt,
    options: { ...EFFECT_OPTIONS },
    requestFeedback: false,
    executionOrder: run.history.length,
  };
  run.interactions.push(interaction);
  return {
    kind: "pending",
    pending: { nodeName, interaction, path: [taskName] },
    effectKey: question.key,
  };
}
