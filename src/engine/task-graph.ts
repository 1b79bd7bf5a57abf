import type { RunnableTask } from "./runnable-task.ts";

/** One route of the routing table, as an edge. */
export interface GraphEdge {
  from: string;
  /** The next node, or null for the end of the task. */
  to: string | null;
  exitCode: number;
  retry: boolean;
}

/** A user checkpoint, as the graph shows it. */
export interface GraphCheckpoint {
  node: string;
  userPrompt: string;
  /** Option → where it leads (null: the run ends cancelled). */
  options: { option: number; label: string; to: string | null }[];
}

/** A task's routing as plain data: what `alice graph --format json` prints. */
export interface TaskGraph {
  taskName: string;
  taskType: string;
  startNode: string;
  nodes: string[];
  edges: GraphEdge[];
  checkpoints: GraphCheckpoint[];
  /** The sub-tasks a node runs (Workflow nodes), by node name. */
  subtasks: Record<string, TaskGraph>;
}

/** The routing graph of a task: nodes, exit-code edges (retries marked), checkpoints, sub-tasks. */
export function taskGraph(task: RunnableTask): TaskGraph {
  const edges: GraphEdge[] = [];
  for (const [from, row] of task.definition.routes) {
    for (const [exitCode, route] of row)
      edges.push({ from, to: route.next, exitCode, retry: route.retry });
  }
  const checkpoints = Object.entries(task.userCheckpoints).map(([node, checkpoint]) => ({
    node,
    userPrompt: checkpoint.userPrompt,
    options: Object.entries(checkpoint.options ?? { 0: "approve", 1: "reject" }).map(
      ([key, label]) => ({
        option: Number(key),
        label,
        to: checkpoint.taskNextObj[Number(key)] ?? null,
      }),
    ),
  }));
  const subtasks: Record<string, TaskGraph> = {};
  for (const node of task.definition.nodeNames) {
    const subtask = task.subtaskForNode(node);
    if (subtask !== undefined) subtasks[node] = taskGraph(subtask);
  }
  return {
    taskName: task.taskName,
    taskType: task.constructor.name,
    startNode: task.definition.startNode,
    nodes: [...task.definition.nodeNames],
    edges,
    checkpoints,
    subtasks,
  };
}

/**
 * The graph as a Mermaid flowchart: solid arrows for routes (labelled with the exit code),
 * dotted arrows for retries, a hexagon before each checkpointed node with an arrow per option,
 * and each Workflow node's sub-task drawn inside it as a subgraph.
 */
export function graphToMermaid(graph: TaskGraph): string {
  const lines = ["flowchart TD"];
  drawTask(graph, "", lines, "  ");
  return `${lines.join("\n")}\n`;
}

function drawTask(graph: TaskGraph, prefix: string, lines: string[], indent: string): void {
  const id = (node: string) => `${prefix}${node.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const start = `${prefix}__start`;
  const end = `${prefix}__end`;
  const gate = (node: string) => `${id(node)}__checkpoint`;
  const guarded = new Set(graph.checkpoints.map((c) => c.node));
  const target = (node: string | null) =>
    node === null ? end : guarded.has(node) ? gate(node) : id(node);
  lines.push(`${indent}${start}(["start: ${text(graph.taskName)}"])`, `${indent}${end}(["end"])`);
  for (const node of graph.nodes) {
    const sub = graph.subtasks[node];
    if (sub === undefined) {
      lines.push(`${indent}${id(node)}["${text(node)}"]`);
      continue;
    }
    lines.push(
      `${indent}subgraph ${id(node)}["${text(node)} (${text(sub.taskType)} ${text(sub.taskName)})"]`,
    );
    drawTask(sub, `${id(node)}__`, lines, `${indent}  `);
    lines.push(`${indent}end`);
  }
  lines.push(`${indent}${start} --> ${target(graph.startNode)}`);
  for (const edge of graph.edges) {
    const arrow = edge.retry ? `-. "${edge.exitCode} retry" .->` : `-- "${edge.exitCode}" -->`;
    lines.push(`${indent}${id(edge.from)} ${arrow} ${target(edge.to)}`);
  }
  for (const checkpoint of graph.checkpoints) {
    lines.push(`${indent}${gate(checkpoint.node)}{{"⏸ ${text(checkpoint.userPrompt)}"}}`);
    for (const option of checkpoint.options) {
      const to = option.to === null ? end : id(option.to);
      lines.push(
        `${indent}${gate(checkpoint.node)} -- "${option.option}: ${text(option.label)}" --> ${to}`,
      );
    }
  }
}

function text(value: string): string {
  return value.replace(/"/g, "#quot;").replace(/\n/g, " ");
}
