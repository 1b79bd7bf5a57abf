import type { z } from "zod";
import type { AliceTask, NodeContext } from "../engine/index.ts";
import { isThenable } from "../engine/is-thenable.ts";
import type { ToolSpec } from "../providers/language-model.ts";
import { functionParametersToZod } from "../schema/definition-to-zod.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { ToolEntry, ToolInvocation } from "../tools/run-tool-calls.ts";
import { toolResultText } from "../tools/tool-result-text.ts";

/** Largest tool result sent to the model, in characters. */
const MAX_RESULT_CHARS = 100_000;

/** An agent's tools, gathered once per task: what the model is told, and how to run each. */
export interface AgentTools {
  /** What the provider receives, in declaration order (functions first, then tasks). */
  readonly specs: readonly ToolSpec[];
  /** Function tools, ready to run. */
  readonly functions: ReadonlyMap<string, ToolEntry>;
  /** Sub-tasks offered as tools, by tool name, with their argument schemas. */
  readonly tasks: ReadonlyMap<string, { task: AliceTask; schema: z.ZodType }>;
  /** Problems found (duplicate names); the task reports them as definition errors. */
  readonly problems: readonly string[];
}

/**
 * Gathers function tools and sub-tasks into one set of tools, schemas converted once. When a
 * prompt file names its tools (`tools: [a, b]`), only those are offered, and a name that is
 * neither a tool nor a sub-task is a problem.
 */
export function gatherTools(
  tools: readonly Tool<unknown>[],
  tasks: Readonly<Record<string, AliceTask>>,
  only?: readonly string[],
): AgentTools {
  const specs: ToolSpec[] = [];
  const functions = new Map<string, ToolEntry>();
  const taskTools = new Map<string, { task: AliceTask; schema: z.ZodType }>();
  const problems: string[] = [];
  const claim = (name: string) => {
    if (specs.some((s) => s.name === name))
      problems.push(`Two tools are named "${name}"; tool names must be unique.`);
  };
  for (const tool of tools) {
    claim(tool.name);
    specs.push({ name: tool.name, description: tool.description, parameters: tool.parameters });
    functions.set(tool.name, functionEntry(tool));
  }
  for (const task of Object.values(tasks)) {
    const { name, description, parameters } = task.asTool();
    claim(name);
    specs.push({ name, description, parameters });
    taskTools.set(name, { task, schema: functionParametersToZod(parameters) });
  }
  if (only === undefined) return { specs, functions, tasks: taskTools, problems };
  for (const name of only) {
    if (!specs.some((spec) => spec.name === name)) {
      problems.push(
        `The prompt file names the tool "${name}", which is neither in tools nor in tasks (have: ${specs.map((t) => t.name).join(", ") || "none"}).`,
      );
    }
  }
  const keep = (name: string) => only.includes(name);
  return {
    specs: specs.filter((spec) => keep(spec.name)),
    functions: new Map([...functions].filter(([name]) => keep(name))),
    tasks: new Map([...taskTools].filter(([name]) => keep(name))),
    problems,
  };
}

/**
 * The tools one `tool_call_execution` can run: the function tools, plus the sub-tasks run as
 * children of this run (`ctx.runSubtask`: their events reach the stream, a checkpoint inside
 * one pauses the agent, and abort reaches them). A sub-task is keyed by its tool-call id and,
 * in a durable run, stored as its own run, so the journal leaves it alone.
 */
export function toolEntries(tools: AgentTools, ctx: NodeContext): ReadonlyMap<string, ToolEntry> {
  if (tools.tasks.size === 0 && !ctx.tracing) return tools.functions;
  const entries = new Map(tools.functions);
  for (const [name, { task, schema }] of tools.tasks) {
    entries.set(name, {
      name,
      schema,
      timeoutMs: undefined,
      journaled: false,
      async invoke(args, context) {
        const inputs = args as Record<string, unknown>;
        const response = await ctx.runSubtask(task, inputs, { key: context.toolCallId });
        const ok = response.status === "complete";
        const content = ok
          ? response.taskOutputs
          : `Task "${task.taskName}" ${response.status}: ${response.resultDiagnostic}`;
        return { content, isError: !ok, detail: response };
      },
    });
  }
  if (ctx.tracing) for (const [name, entry] of entries) entries.set(name, traced(entry, ctx));
  return entries;
}

/** A tool whose every call runs in a span of the run's tracer. */
function traced(entry: ToolEntry, ctx: NodeContext): ToolEntry {
  return {
    ...entry,
    invoke: (args, context) =>
      ctx.trace(
        { kind: "tool", name: entry.name, attributes: { toolCallId: context.toolCallId } },
        async () => entry.invoke(args, context),
      ),
  };
}

function functionEntry(tool: Tool<unknown>): ToolEntry {
  return {
    name: tool.name,
    schema: tool.schema,
    timeoutMs: tool.timeoutMs,
    idempotent: tool.idempotent === true,
    invoke(args, context) {
      const value = tool.execute(args, context);
      return isThenable(value)
        ? Promise.resolve(value).then((resolved) => invocationOf(tool, resolved))
        : invocationOf(tool, value);
    },
  };
}

function invocationOf(tool: Tool<unknown>, value: unknown): ToolInvocation {
  const result = toolResultText(value, MAX_RESULT_CHARS);
  return result.success
    ? { content: result.text }
    : {
        content: `Tool "${tool.name}" returned a value that cannot be sent to the model: ${result.message}`,
        isError: true,
        code: "TOOL_OUTPUT_INVALID",
      };
}
