import { ResumeError } from "../errors/errors.ts";
import type { JsonValue } from "../messages/json.ts";
import type { LoadedRun, RunStore } from "../stores/run-store.ts";
import type { DurableRun } from "./durable-run.ts";
import { EFFECT_OPTIONS, EFFECT_RESOLUTIONS } from "./node-journal.ts";
import { restoreRun, storedResponse, storedRunDamaged } from "./restore-run.ts";
import { resumeRun } from "./resume-run.ts";
import type { RunSnapshot } from "./run-snapshot.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { PreparedRun } from "./start-run.ts";
import type { UserResponse } from "./types.ts";

/**
 * A paused run and its answer: a checkpoint's answer continues as `resume()` does (the paused
 * sub-task resumes itself the same way, through the store); an effect question's answer is
 * written into the journal entry and the node runs again (or option 2 stops the run).
 */
export async function answerStoredRun(
  task: RunnableTask,
  loaded: LoadedRun,
  answer: UserResponse,
  durable: DurableRun,
  parentRunId: string | undefined,
): Promise<PreparedRun> {
  const snapshot = loaded.run.snapshot as unknown as RunSnapshot;
  const pending = snapshot.pending;
  if (pending === undefined) throw storedRunDamaged(loaded, "it is pending without a question");
  const { store } = durable.durability;
  await checkAnswer(task, store, loaded, answer);
  if (pending.effectKey === undefined) {
    const response = await storedResponse(store, loaded);
    return resumeRun(task, response, answer, parentRunId);
  }
  const run = restoreRun(task, loaded, snapshot);
  const interaction = run.interactions.at(-1)!;
  interaction.response =
    answer.feedback === undefined ? { selectedOption: answer.selectedOption } : { ...answer };
  run.vars.userResponse = run.latestUserResponse();
  const resolution = EFFECT_RESOLUTIONS[answer.selectedOption];
  if (resolution === undefined) {
    const message = `The user chose "${EFFECT_OPTIONS[answer.selectedOption]}" when asked whether a side effect of node "${pending.nodeName}" of task "${task.taskName}" happened.`;
    return {
      run,
      next: null,
      stop: {
        kind: "cancel",
        error: { code: "CHECKPOINT_CANCELLED", nodeName: pending.nodeName, message },
      },
    };
  }
  const entry = await durable.readJournal(pending.effectKey);
  const value = isObject(entry?.value) ? entry.value : {};
  await durable.writeJournal(pending.effectKey, "tool", {
    state: "started",
    value: { ...value, resolution },
  });
  return { run, next: pending.nodeName, gatePassed: pending.nodeName };
}

/**
 * Checks an answer against the question the run waits on (the innermost, when a sub-task
 * asked), before anything is written: `ResumeError` when it is not one of its options.
 */
async function checkAnswer(
  task: RunnableTask,
  store: RunStore,
  loaded: LoadedRun,
  answer: UserResponse,
): Promise<void> {
  const fail = (why: string): never => {
    throw new ResumeError(
      `Cannot resume run "${loaded.run.runId}" of task "${task.taskName}": ${why}`,
    );
  };
  if (!Number.isInteger(answer?.selectedOption))
    fail(`selectedOption must be an integer; got ${JSON.stringify(answer?.selectedOption)}.`);
  if (answer.feedback !== undefined && typeof answer.feedback !== "string")
    fail("feedback must be a string.");
  let level = loaded;
  let pending = (level.run.snapshot as unknown as RunSnapshot).pending;
  while (pending?.childRunId !== undefined) {
    const child = await store.loadRun(pending.childRunId);
    if (child === undefined)
      throw storedRunDamaged(
        level,
        `its paused sub-task run "${pending.childRunId}" is not stored`,
      );
    level = child;
    pending = (level.run.snapshot as unknown as RunSnapshot).pending;
  }
  const options = pending?.interaction.options ?? {};
  if (!(answer.selectedOption in options)) {
    const listed = Object.entries(options).map(([key, label]) => `${key} (${label})`);
    fail(`option ${answer.selectedOption} is not one of ${listed.join(", ")}.`);
  }
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
