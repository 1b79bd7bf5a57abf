import { TaskDefinitionError } from "../errors/errors.ts";
import type { Route, TasksEndCodeRouting, UserCheckpoint } from "./types.ts";

/** One compiled route. */
export interface CompiledRoute {
  readonly next: string | null;
  readonly retry: boolean;
  /** Taking this route when it is not a retry: made once, so routing a node allocates nothing. */
  readonly onward: { readonly kind: "next"; readonly next: string | null };
}

/** A routing table checked and compiled for O(1) lookups. */
export type CompiledRouting = ReadonlyMap<string, ReadonlyMap<number, CompiledRoute>>;

/** What `compileDefinition` checks. */
export interface DefinitionInput {
  taskName: string;
  startNode: string | undefined;
  nodeEndCodeRouting: TasksEndCodeRouting;
  userCheckpoints: Readonly<Record<string, UserCheckpoint>>;
  maxAttempts: number;
  maxNodeExecutions: number;
  /** Returns a problem when `node` has no implementation, else undefined. */
  checkNode: (node: string) => string | undefined;
}

/** The routing of a task, checked once when the task is built. */
export interface CompiledDefinition {
  readonly routes: CompiledRouting;
  readonly startNode: string;
  readonly nodeNames: readonly string[];
}

const INTEGER = /^-?\d+$/;

/**
 * Checks a task's routing table, start node, checkpoints and limits, and compiles the table
 * into maps. Every problem is collected; one `TaskDefinitionError` lists them all.
 */
export function compileDefinition(input: DefinitionInput): CompiledDefinition {
  const problems: string[] = [];
  const routing = input.nodeEndCodeRouting;
  const isTable = typeof routing === "object" && routing !== null && !Array.isArray(routing);
  const nodeNames = isTable ? Object.keys(routing) : [];
  const nodes = new Set(nodeNames);
  const known = () => (nodeNames.length === 0 ? "none" : nodeNames.join(", "));
  if (!isTable || nodeNames.length === 0) {
    problems.push(
      "nodeEndCodeRouting is empty: declare at least one node, e.g. { default: { 0: [null, false] } }.",
    );
  }

  const routes = new Map<string, Map<number, CompiledRoute>>();
  for (const node of nodeNames) {
    const missing = input.checkNode(node);
    if (missing !== undefined) problems.push(missing);
    const row: unknown = (routing as Record<string, unknown>)[node];
    const compiled = new Map<number, CompiledRoute>();
    routes.set(node, compiled);
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      problems.push(
        `Node "${node}": its routing row must be an object of exit code → [next, isRetry].`,
      );
      continue;
    }
    for (const [code, entry] of Object.entries(row)) {
      if (!INTEGER.test(code)) {
        problems.push(`Node "${node}": exit code "${code}" is not an integer.`);
        continue;
      }
      if (!isRoute(entry)) {
        problems.push(
          `Node "${node}", exit code ${code}: the route must be [next node or null, isRetry boolean]; got ${JSON.stringify(entry)}.`,
        );
        continue;
      }
      const [next, retry] = entry;
      if (next !== null && !nodes.has(next)) {
        problems.push(
          `Node "${node}", exit code ${code} routes to "${next}", which is not a node of this task (nodes: ${known()}).`,
        );
      }
      compiled.set(Number(code), { next, retry, onward: { kind: "next", next } });
    }
  }

  const startNode = input.startNode ?? nodeNames[0] ?? "";
  if (input.startNode !== undefined && !nodes.has(input.startNode)) {
    problems.push(`startNode "${input.startNode}" is not a node of this task (nodes: ${known()}).`);
  }
  if (!Number.isInteger(input.maxAttempts) || input.maxAttempts < 1) {
    problems.push(`maxAttempts must be a whole number ≥ 1; got ${input.maxAttempts}.`);
  }
  if (!Number.isInteger(input.maxNodeExecutions) || input.maxNodeExecutions < 1) {
    problems.push(`maxNodeExecutions must be a whole number ≥ 1; got ${input.maxNodeExecutions}.`);
  }
  for (const [node, checkpoint] of Object.entries(input.userCheckpoints)) {
    problems.push(...checkCheckpoint(node, checkpoint, nodes, known));
  }

  if (problems.length > 0) throw new TaskDefinitionError(input.taskName, problems);
  return { routes, startNode, nodeNames };
}

function isRoute(value: unknown): value is Route {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    (value[0] === null || typeof value[0] === "string") &&
    typeof value[1] === "boolean"
  );
}

function checkCheckpoint(
  node: string,
  checkpoint: UserCheckpoint,
  nodes: ReadonlySet<string>,
  known: () => string,
): string[] {
  const problems: string[] = [];
  const where = `userCheckpoints["${node}"]`;
  if (!nodes.has(node))
    problems.push(
      `${where} guards "${node}", which is not a node of this task (nodes: ${known()}).`,
    );
  const options = checkpoint.options ?? DEFAULT_OPTIONS;
  const optionKeys = Object.keys(options);
  if (optionKeys.length === 0) problems.push(`${where}: options is empty.`);
  const taskNextObj = checkpoint.taskNextObj ?? {};
  for (const key of optionKeys) {
    if (!INTEGER.test(key)) problems.push(`${where}: option "${key}" is not an integer.`);
    else if (!(key in taskNextObj))
      problems.push(
        `${where}: option ${key} (${options[Number(key)]}) has no entry in taskNextObj.`,
      );
  }
  for (const [key, next] of Object.entries(taskNextObj)) {
    if (!(key in options))
      problems.push(
        `${where}: taskNextObj has option ${key}, which is not in options (${optionKeys.join(", ")}).`,
      );
    if (next !== null && !nodes.has(next)) {
      problems.push(
        `${where}: option ${key} continues at "${next}", which is not a node of this task (nodes: ${known()}).`,
      );
    }
  }
  return problems;
}

/** Options of a checkpoint that declares none. */
export const DEFAULT_OPTIONS: Readonly<Record<number, string>> = { 0: "approve", 1: "reject" };
