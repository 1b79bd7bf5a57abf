import type { z } from "zod";
import { didYouMean } from "../errors/closest-name.ts";
import { knownKeysAt } from "./known-keys.ts";
import { renameSeedKeys, seedNamesOf } from "./seed-keys.ts";
import type { TaskFileProblem } from "./task-file-error.ts";
import { type TaskFile, taskFileSchema } from "./task-file-schema.ts";

/** A task definition as read from a file or an inline block: what validated, and every problem. */
export interface ReadDefinition {
  /** The definition with every invalid value left out; undefined when it is not an object. */
  def: TaskFile | undefined;
  /** Unknown keys and invalid values, each with its file and field path. */
  problems: TaskFileProblem[];
  /**
   * Field paths (inside this definition) whose invalid value was left out, or replaced by a
   * stand-in when required (`type`, `taskName`), so later steps do not report them again.
   */
  dropped: string[];
}

/** Required fields given a stand-in value, so the rest of the definition can still be checked. */
const STAND_INS: Readonly<Record<string, string>> = { type: "Workflow", taskName: "unnamed" };

/**
 * Validates one task definition (`raw`, as parsed from YAML or JSON, snake_case keys included)
 * against the task file schema. Every unknown key and invalid value is a problem at `prefix` +
 * its field path, in the order they appear in the file; the invalid values are then left out, so
 * the definition's other parts (templates, sub-tasks, tools, the agent) can still be resolved and
 * their problems reported together.
 */
export function readDefinition(raw: unknown, file: string, prefix: string): ReadDefinition {
  const schema = taskFileSchema();
  const renamed = renameSeedKeys(raw);
  const first = schema.safeParse(renamed);
  if (first.success) return { def: first.data, problems: [], dropped: [] };
  const problems = first.error.issues
    .flatMap((issue) => toProblems(issue, schema))
    .map((problem) => ({ ...problem, order: documentOrder(renamed, problem.path) }))
    .sort((a, b) => compareOrder(a.order, b.order))
    .map(({ path, message }) => ({ file, path: fieldPath(prefix, path), message }));
  if (!isRecord(renamed)) return { def: undefined, problems, dropped: [] };
  const data = structuredClone(renamed);
  const dropped = new Set<string>();
  let issues = first.error.issues;
  // Leaving a value out can uncover a parent that is now incomplete; a few rounds settle it.
  for (let round = 0; round < 8; round++) {
    for (const issue of issues) leaveOut(data, issue, dropped);
    const next = schema.safeParse(data);
    if (next.success) return { def: next.data, problems, dropped: [...dropped] };
    issues = next.error.issues;
  }
  return { def: undefined, problems, dropped: [...dropped] };
}

/** `prefix` ("tasks.Check.") joined with a field path, without a dangling dot. */
export function fieldPath(prefix: string, path: readonly PropertyKey[] | string): string {
  const rest = typeof path === "string" ? path : path.map(String).join(".");
  return `${prefix}${rest}`.replace(/\.$/, "");
}

function toProblems(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
): { path: PropertyKey[]; message: string }[] {
  if (issue.code !== "unrecognized_keys") return [{ path: issue.path, message: issue.message }];
  const known = knownKeysAt(schema, issue.path);
  return issue.keys.map((key) => ({ path: [...issue.path, key], message: unknownKey(key, known) }));
}

function unknownKey(key: string, known: readonly string[]): string {
  const hint = didYouMean(key, [...known, ...seedNamesOf(known)]);
  if (hint !== "" || known.length === 0) return `unknown key "${key}".${hint}`;
  return `unknown key "${key}" (known keys here: ${known.join(", ")}).`;
}

/** Removes what `issue` is about from `data`: the unknown keys, or the invalid value. */
function leaveOut(
  data: Record<string, unknown>,
  issue: z.core.$ZodIssue,
  dropped: Set<string>,
): void {
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) remove(data, [...issue.path, key]);
    return;
  }
  let path = [...issue.path];
  const top = path.length === 1 ? String(path[0]) : undefined;
  if (top !== undefined && Object.hasOwn(STAND_INS, top)) {
    data[top] = STAND_INS[top];
    dropped.add(top);
    return;
  }
  // A required value that is missing makes its object invalid; an array or tuple with an
  // invalid item goes as a whole (leaving one item out would shift its neighbours' paths).
  if (valueAt(data, path) === undefined) path = path.slice(0, -1);
  while (path.length > 1 && Array.isArray(valueAt(data, path.slice(0, -1))))
    path = path.slice(0, -1);
  if (path.length === 0) return;
  remove(data, path);
  dropped.add(path.map(String).join("."));
}

/** Where `path` is in `data`, as the index of each key among its siblings (absent keys last). */
function documentOrder(data: unknown, path: readonly PropertyKey[]): number[] {
  const order: number[] = [];
  let at = data;
  for (const segment of path) {
    const keys = isRecord(at) ? Object.keys(at) : Array.isArray(at) ? at.map((_, i) => `${i}`) : [];
    const index = keys.indexOf(String(segment));
    order.push(index === -1 ? Number.MAX_SAFE_INTEGER : index);
    at = valueAt(at, [segment]);
  }
  return order;
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at = data;
  for (const segment of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[segment];
  }
  return at;
}

function remove(data: Record<string, unknown>, path: readonly PropertyKey[]): void {
  const parent = valueAt(data, path.slice(0, -1));
  if (isRecord(parent)) delete parent[String(path.at(-1))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
