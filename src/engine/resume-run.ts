import { ResumeError } from "../errors/errors.ts";
import { historyProblem } from "./check-history.ts";
import type { CompiledDefinition } from "./definition.ts";
import { applyOutput } from "./record-node.ts";
import { taskResponseSchema } from "./response-schema.ts";
import { RunState } from "./run-state.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { PreparedRun } from "./start-run.ts";
import type { TaskResponse, UserResponse } from "./types.ts";

// Resuming a paused run, all in one place: check the saved response (checkResumable), rebuild
// the run from it (resumeRun: history, variables, retry counts, the answer applied), and say
// where it continues: the answered checkpoint's choice, or inside the paused sub-task.

/**
 * Rebuilds a paused run from its checked response and continues it with the user's answer:
 * at the node the chosen option leads to (its checkpoint passed once), inside the sub-task
 * that paused (which resumes itself), or nowhere when the option ends the run (`cancelled`,
 * `CHECKPOINT_CANCELLED`).
 */
export function resumeRun(
  task: RunnableTask,
  response: TaskResponse,
  answer: UserResponse,
  parentRunId: string | undefined,
): PreparedRun {
  const pending = response.pending!;
  const run = new RunState({
    runId: response.runId,
    parentRunId: response.parentRunId ?? parentRunId,
    taskInputs: response.taskInputs,
    interactions: response.userInteractions,
    state: response.state ?? {},
  });
  for (const node of response.nodeReferences) {
    run.record(node);
    applyOutput(task, run, node);
  }
  replayRetries(run, task.definition, pending.nodeName);
  if (pending.child !== undefined) {
    return {
      run,
      next: pending.nodeName,
      gatePassed: pending.nodeName,
      resumeChild: { response: pending.child, answer, used: false },
    };
  }
  const interaction = run.interactions.at(-1)!;
  interaction.response =
    answer.feedback === undefined ? { selectedOption: answer.selectedOption } : { ...answer };
  run.vars.userResponse = run.latestUserResponse();
  const next = task.userCheckpoints[pending.nodeName]!.taskNextObj[answer.selectedOption] ?? null;
  if (next !== null) return { run, next, gatePassed: pending.nodeName };
  const label = interaction.options[answer.selectedOption] ?? String(answer.selectedOption);
  const message = `The user chose "${label}" at the checkpoint before node "${pending.nodeName}" of task "${task.taskName}", which ends the run.`;
  return {
    run,
    next,
    stop: {
      kind: "cancel",
      error: { code: "CHECKPOINT_CANCELLED", nodeName: pending.nodeName, message },
    },
  };
}

/**
 * Rebuilds retry counts from the history, as a resumed run must: each retry-flagged route
 * from one recorded node to the next counts, and so does the route into the node the run
 * paused at. Counting from the history (not a stored counter) means a tampered counter in a
 * saved response cannot reset the budget.
 */
function replayRetries(run: RunState, definition: CompiledDefinition, pausedAt: string): void {
  const { history, retries } = run;
  for (let i = 0; i < history.length; i++) {
    const from = history[i]!;
    const to = history[i + 1]?.nodeName ?? pausedAt;
    const route = definition.routes.get(from.nodeName)?.get(from.exitCode);
    if (route?.retry === true && route.next === to) retries.set(to, (retries.get(to) ?? 0) + 1);
  }
}

/**
 * Checks that `value` is a pending response of `task` that `answer` can continue, all the way
 * down to the sub-task that asked, before anything runs. Returns a fresh validated copy; throws
 * `ResumeError` naming what is wrong, so nothing is ever half-resumed.
 */
export function checkResumable(
  task: RunnableTask,
  value: unknown,
  answer: UserResponse,
): TaskResponse {
  const parsed = taskResponseSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.map(String).join(".") || "(response)"}: ${issue.message}`);
    throw new ResumeError(
      `Cannot resume task "${task.taskName}": the response is not a valid TaskResponse:\n  - ${issues.join("\n  - ")}`,
      { cause: parsed.error },
    );
  }
  if (!Number.isInteger(answer?.selectedOption)) {
    throw new ResumeError(
      `Cannot resume task "${task.taskName}": selectedOption must be an integer; got ${JSON.stringify(answer?.selectedOption)}.`,
    );
  }
  if (answer.feedback !== undefined && typeof answer.feedback !== "string") {
    throw new ResumeError(`Cannot resume task "${task.taskName}": feedback must be a string.`);
  }
  checkLevel(task, parsed.data, answer);
  return parsed.data;
}

function checkLevel(task: RunnableTask, response: TaskResponse, answer: UserResponse): void {
  const fail = (why: string): never => {
    throw new ResumeError(`Cannot resume task "${task.taskName}": ${why}`);
  };
  if (response.taskName !== task.taskName)
    fail(`the response belongs to task "${response.taskName}".`);
  if (response.status !== "pending" || response.pending === undefined) {
    fail(`only a pending response can be resumed; this one is "${response.status}".`);
  }
  const pending = response.pending!;
  const routes = task.definition.routes;
  if (!routes.has(pending.nodeName))
    fail(`it is paused at "${pending.nodeName}", which is not a node of this task.`);
  const impossible = historyProblem(task, response);
  if (impossible !== undefined) fail(impossible);

  if (pending.child !== undefined) {
    const subtask = task.subtaskForNode(pending.nodeName);
    if (subtask !== undefined) checkLevel(subtask, pending.child, answer);
    return;
  }
  const checkpoint = task.userCheckpoints[pending.nodeName];
  if (checkpoint === undefined)
    fail(`node "${pending.nodeName}" has no user checkpoint to answer.`);
  const asked = response.userInteractions.at(-1);
  if (asked === undefined || asked.response !== undefined || asked.nodeName !== pending.nodeName) {
    fail(`its last user interaction is not the open question at "${pending.nodeName}".`);
  }
  if (!(answer.selectedOption in checkpoint!.taskNextObj)) {
    const options = Object.entries(asked!.options).map(([key, label]) => `${key} (${label})`);
    fail(`option ${answer.selectedOption} is not one of ${options.join(", ")}.`);
  }
}
