import { isDeepStrictEqual } from "node:util";
import { DEFAULT_OPTIONS } from "./definition.ts";
import type { RunnableTask } from "./runnable-task.ts";
import type { NodeResponse, TaskResponse, UserInteraction } from "./types.ts";

// The history of a paused response, replayed against the task that is to resume it: every
// step the engine takes (checkpoint, node, route, retry) is taken again here, on data only,
// and the first step the engine could not have taken is the problem. A response edited by
// hand (a removed node, a changed exit code, an answered question taken out, a forged
// sub-task link) fails here even when it is not signed; what no replay can tell (a changed
// output, tool arguments or message text) only a signature catches (response-integrity.ts).

/**
 * Returns what is impossible about a pending response's own level of history, or undefined
 * when the task could have produced it: the history must follow the routing table from the
 * start node (exit code by exit code, retries within `maxAttempts`, each answered checkpoint
 * continuing where its option leads) and stop exactly where the run paused; a paused
 * sub-task's response must name this run as its parent. Sub-task levels are checked by the
 * caller, with the sub-task.
 */
export function historyProblem(task: RunnableTask, response: TaskResponse): string | undefined {
  const history = response.nodeReferences;
  if (history.length >= task.maxNodeExecutions) {
    return `its history has ${history.length} nodes, but the task stops a run after ${task.maxNodeExecutions} (maxNodeExecutions), so the run could not have paused after them.`;
  }
  const replay = new Replay(task, response);
  let current = task.definition.startNode;
  let cameFrom = `its start node is "${current}"`;
  for (let position = 0; ; position++) {
    const gate = replay.passCheckpoints(current, position);
    if (gate.kind === "problem") return gate.problem;
    if (gate.kind === "paused") return pausedAtCheckpoint(task, response, gate.node, gate.asked);
    if (gate.next !== current) cameFrom = gate.cameFrom;
    current = gate.next;
    if (position === history.length) return pausedInside(task, response, current, replay);
    const node = history[position]!;
    const altered = `its history was altered at position ${position} (node "${node.nodeName}", executionOrder ${node.executionOrder})`;
    if (node.executionOrder !== position) return `${altered}: executionOrder must be ${position}.`;
    if (node.nodeName !== current) {
      const known = task.definition.routes.has(node.nodeName)
        ? ""
        : `; "${node.nodeName}" is not a node of this task`;
      return `${altered}: ${cameFrom}, so node "${current}" ran there${known}.`;
    }
    const step = replay.route(node);
    if (step.kind === "problem") return `${altered}: ${step.problem}`;
    current = step.next;
    cameFrom = `exit code ${node.exitCode} of "${node.nodeName}" at position ${position} routes to "${current}"`;
  }
}

type Gate =
  | { kind: "run"; next: string; cameFrom: string }
  | { kind: "paused"; node: string; asked: UserInteraction }
  | { kind: "problem"; problem: string };

type Step = { kind: "next"; next: string } | { kind: "problem"; problem: string };

/** The replay's counters: questions consumed and retries taken, as the run counted them. */
class Replay {
  readonly #task: RunnableTask;
  readonly #interactions: readonly UserInteraction[];
  readonly #retries = new Map<string, number>();
  /** Questions of `userInteractions` replayed so far. */
  asked = 0;

  constructor(task: RunnableTask, response: TaskResponse) {
    this.#task = task;
    this.#interactions = response.userInteractions;
  }

  /**
   * The checkpoints before `node` at `position`, as `gateCheckpoint` and an answer take them:
   * each asks the next recorded question, whose answer either passes the checkpoint (the option
   * leads to the node itself) or leads to another node, which may ask in turn. The open
   * question is where the run paused.
   */
  passCheckpoints(node: string, position: number): Gate {
    let current = node;
    let cameFrom = "";
    for (;;) {
      const checkpoint = this.#task.userCheckpoints[current];
      if (checkpoint === undefined) return { kind: "run", next: current, cameFrom };
      const asked = this.#interactions[this.asked];
      const where = `the checkpoint before "${current}" at position ${position}`;
      if (asked === undefined) return problem(`${where} asked no question it records.`);
      const index = this.asked;
      const recorded = `user interaction ${index} (at "${asked.nodeName}", executionOrder ${asked.executionOrder})`;
      if (
        asked.nodeName !== current ||
        asked.taskName !== this.#task.taskName ||
        asked.executionOrder !== position
      ) {
        return problem(`${where} is not what ${recorded} records: the questions were altered.`);
      }
      const options = checkpoint.options ?? DEFAULT_OPTIONS;
      if (!isDeepStrictEqual(labels(asked.options), labels(options))) {
        return problem(
          `${recorded} offers options ${JSON.stringify(asked.options)}, but the checkpoint offers ${JSON.stringify(options)}.`,
        );
      }
      if (asked.response === undefined) return { kind: "paused", node: current, asked };
      this.asked++;
      const option = asked.response.selectedOption;
      if (!(option in checkpoint.taskNextObj)) {
        return problem(`${recorded} was answered with option ${option}, which it does not offer.`);
      }
      const next = checkpoint.taskNextObj[option] ?? null;
      if (next === null) {
        return problem(
          `${recorded} was answered with option ${option}, which ends the run, yet the run went on.`,
        );
      }
      if (next === current) return { kind: "run", next, cameFrom };
      cameFrom = `option ${option} at the checkpoint before "${current}" continues at "${next}"`;
      current = next;
    }
  }

  /** Where `node`'s exit code leads, counting a retry as `routeExitCode` does. */
  route(node: NodeResponse): Step {
    const task = this.#task;
    const route = task.definition.routes.get(node.nodeName)?.get(node.exitCode);
    if (route === undefined) {
      return problem(
        `exit code ${node.exitCode} has no route, so the run would have failed there (ROUTE_NOT_FOUND).`,
      );
    }
    if (route.next === null)
      return problem(`exit code ${node.exitCode} ends the run, yet the history goes on.`);
    if (route.retry) {
      const attempts = 1 + (this.#retries.get(route.next) ?? 0);
      if (!task.recursive || attempts >= task.maxAttempts) {
        return problem(
          `exit code ${node.exitCode} retries "${route.next}", which the task would have refused (MAX_ATTEMPTS_EXCEEDED: ${task.recursive ? `maxAttempts is ${task.maxAttempts}` : "the task is not recursive"}).`,
        );
      }
      this.#retries.set(route.next, attempts);
    }
    return { kind: "next", next: route.next };
  }

  /** The questions after the ones replayed: a paused run asked none. */
  unreplayed(): UserInteraction | undefined {
    return this.#interactions[this.asked];
  }
}

/** A run paused at the open question `asked`, before `node`: the question must be the last. */
function pausedAtCheckpoint(
  task: RunnableTask,
  response: TaskResponse,
  node: string,
  asked: UserInteraction,
): string | undefined {
  const pending = response.pending!;
  const history = response.nodeReferences;
  const interactions = response.userInteractions;
  if (asked.executionOrder !== history.length || asked !== interactions.at(-1)) {
    return `its user interaction at "${node}" (executionOrder ${asked.executionOrder}) has no answer, yet the run went on after it.`;
  }
  if (pending.child !== undefined) {
    return `it is paused inside sub-task "${pending.child.taskName}" at "${pending.nodeName}", but its history leads to the open question at the checkpoint before "${node}".`;
  }
  if (pending.nodeName !== node) {
    return `it is paused at "${pending.nodeName}", but its history leads to the open question at the checkpoint before "${node}".`;
  }
  if (!isDeepStrictEqual(pending.interaction, asked)) {
    return `its pending question is not its last user interaction (the one at "${node}").`;
  }
  if (pending.path.length !== 1 || pending.path[0] !== task.taskName) {
    return `its pending path ${JSON.stringify(pending.path)} should be ["${task.taskName}"].`;
  }
  return messagesProblem(history);
}

/**
 * A history that ends where the run was about to run `node`: only a sub-task paused inside
 * that node stops a run there, and it must be this run's child.
 */
function pausedInside(
  task: RunnableTask,
  response: TaskResponse,
  node: string,
  replay: Replay,
): string | undefined {
  const pending = response.pending!;
  const child = pending.child;
  if (child === undefined) {
    return pending.nodeName === node
      ? `it is paused at "${node}", but nothing stops a run there: "${node}" has no user checkpoint to answer and no paused sub-task.`
      : `it is paused at "${pending.nodeName}", but after its history the run goes on to "${node}".`;
  }
  if (pending.nodeName !== node) {
    return `it is paused inside sub-task "${child.taskName}" at "${pending.nodeName}", but after its history the run goes on to "${node}".`;
  }
  const extra = replay.unreplayed();
  if (extra !== undefined) {
    return `user interaction ${replay.asked} (at "${extra.nodeName}", executionOrder ${extra.executionOrder}) is one the run never asked.`;
  }
  if (child.parentRunId !== response.runId) {
    return `the paused sub-task "${child.taskName}" belongs to run ${JSON.stringify(child.parentRunId ?? null)}, not to this run (${response.runId}): its parentRunId must be this response's runId.`;
  }
  const inner = child.pending;
  if (child.status !== "pending" || inner === undefined) {
    return `the sub-task "${child.taskName}" it is paused inside is not pending (its status is "${child.status}").`;
  }
  if (!isDeepStrictEqual(pending.interaction, inner.interaction)) {
    return `its pending question is not the one sub-task "${child.taskName}" asked.`;
  }
  if (!isDeepStrictEqual(pending.path, [task.taskName, ...inner.path])) {
    return `its pending path ${JSON.stringify(pending.path)} does not lead to the sub-task that asked (${JSON.stringify([task.taskName, ...inner.path])}).`;
  }
  return messagesProblem(response.nodeReferences);
}

/**
 * A system message comes only with the prompt, which the first node that records messages
 * records: one in a later node (an instruction slipped into a saved conversation) is refused.
 */
function messagesProblem(history: readonly NodeResponse[]): string | undefined {
  let prompted = false;
  for (const node of history) {
    const messages = node.references.messages ?? [];
    if (messages.length === 0) continue;
    if (prompted && messages.some((m) => m.role === "system")) {
      return `node "${node.nodeName}" at position ${node.executionOrder} records a system message; only the first node that records messages (the prompt) can.`;
    }
    prompted = true;
  }
  return undefined;
}

/** Option labels keyed by their number as text, however they were keyed. */
function labels(options: Readonly<Record<number, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(options));
}

function problem(text: string): { kind: "problem"; problem: string } {
  return { kind: "problem", problem: text };
}
