import { ResumeError } from "../errors/errors.ts";
import type { AliceTask } from "./alice-task.ts";
import { taskResponseSchema } from "./response-schema.ts";
import type { TaskResponse, UserResponse } from "./types.ts";

/**
 * Checks that `value` is a pending response of `task` that `answer` can continue, all the way
 * down to the sub-task that asked, before anything runs. Returns a fresh validated copy; throws
 * `ResumeError` naming what is wrong, so nothing is ever half-resumed.
 */
export function checkResumable(
  task: AliceTask,
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

function checkLevel(task: AliceTask, response: TaskResponse, answer: UserResponse): void {
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
  response.nodeReferences.forEach((node, index) => {
    if (!routes.has(node.nodeName) || node.executionOrder !== index) {
      fail(
        `its history was altered at position ${index} (node "${node.nodeName}", executionOrder ${node.executionOrder}).`,
      );
    }
  });

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
