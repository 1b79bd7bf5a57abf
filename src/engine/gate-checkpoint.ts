import { DEFAULT_OPTIONS } from "./definition.ts";
import type { RunState } from "./run-state.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { UserInteraction } from "./types.ts";

/**
 * Decides whether a checkpoint stops the run before `nodeName`: it does when the node has one,
 * unless the run just passed it (the answer being resumed). The question is recorded in the
 * run's interactions and returned; `undefined` lets the node run.
 */
export function gateCheckpoint(
  task: RunnableTask,
  run: RunState,
  nodeName: string,
  gatePassed: string | undefined,
): UserInteraction | undefined {
  const checkpoint = task.userCheckpoints[nodeName];
  if (checkpoint === undefined || gatePassed === nodeName) return undefined;
  const interaction: UserInteraction = {
    taskName: task.taskName,
    nodeName,
    userPrompt: checkpoint.userPrompt,
    options: { ...(checkpoint.options ?? DEFAULT_OPTIONS) },
    requestFeedback: checkpoint.requestFeedback ?? false,
    executionOrder: run.history.length,
  };
  run.interactions.push(interaction);
  return interaction;
}
