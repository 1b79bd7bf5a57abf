import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { AliceAgent } from "../agents/alice-agent.ts";
import type { AliceTask } from "../engine/index.ts";
import type { Prompt } from "../prompts/prompt.ts";
import type { Tool } from "../tools/define-tool.ts";
import { buildAgent } from "./build-agent.ts";
import type { BuildContext } from "./build-context.ts";
import { BUILT_IN_TASK_TYPES } from "./built-in-task-types.ts";
import { toInputParameters, toOutputSchema } from "./file-schemas.ts";
import type { LoadTaskOptions, TaskFactory } from "./load-task-options.ts";
import { loadTemplate } from "./load-template.ts";
import { problemMessages } from "./problem-messages.ts";
import { fieldPath, type ReadDefinition, readDefinition } from "./read-definition.ts";
import { standInPrompt, standInTask, standInTool } from "./stand-ins.ts";
import { TaskFileError, type TaskFileProblem } from "./task-file-error.ts";
import { taskFileOptions } from "./task-file-options.ts";
import type { TaskFile } from "./task-file-schema.ts";

/** Fields that, when left out for being invalid, would make the routing checks report nonsense. */
const ROUTING_FIELDS = ["type", "taskName", "nodeEndCodeRouting", "tasks"];

/**
 * Resolves a read task definition (templates, sub-tasks, agent, tools), builds the task and
 * checks its routing. Every problem — the definition's own (`read.problems`), each part that
 * does not resolve, and what the task's constructor refuses — is thrown at once in one
 * `TaskFileError`. A part that does not resolve is replaced by a stand-in, so the routing is
 * still checked; a value left out for being invalid is not reported a second time.
 */
export async function buildTask(
  read: ReadDefinition & { def: TaskFile },
  ctx: BuildContext,
): Promise<AliceTask> {
  const { def, dropped } = read;
  const problems: TaskFileProblem[] = [];
  const prefix = ctx.prefix ?? "";
  const leftOut = (path: string) => dropped.some((d) => path === d || path.startsWith(`${d}.`));
  const at = (path: string, message: string) => {
    if (!leftOut(path)) problems.push({ file: ctx.shown, path: fieldPath(prefix, path), message });
  };

  const { templates, unloaded } = await loadTemplates(def, ctx, at);
  const tasks: Record<string, AliceTask> = {};
  for (const [key, sub] of Object.entries(def.tasks ?? {})) {
    tasks[key] = await loadSubtask(key, sub, ctx, problems, at);
  }
  const inputVariables =
    def.inputVariables === undefined
      ? undefined
      : toInputParameters(def.inputVariables, (m) => at("inputVariables", m));
  const outputSchema =
    def.outputSchema === undefined
      ? undefined
      : toOutputSchema(def.outputSchema, (m) => at("outputSchema", m));
  const tools = (def.tools ?? []).map((name, i) =>
    findTool(name, ctx.options.tools, (m) => at(`tools.${i}`, m)),
  );
  const agentic = def.type === "PromptAgentTask" || def.type === "CheckTask";
  if (agentic && def.agent === undefined)
    at("agent", "a PromptAgentTask or CheckTask needs an agent: { name, model, systemMessage? }.");
  let agent: AliceAgent | undefined;
  if (def.agent !== undefined)
    agent = await buildAgent(
      def.agent,
      { model: templates.task_template?.model, loaded: !unloaded.has("task_template") },
      ctx,
      (path, m) => at(`agent${path}`, m),
    );
  if (agentic && def.templates?.task_template === undefined) {
    at(
      "templates.task_template",
      "required: the message that asks the model (a .prompt file path or inline text).",
    );
    templates.task_template = standInPrompt("task_template");
  }
  const taskTypes = { ...BUILT_IN_TASK_TYPES, ...ctx.options.taskTypes };
  const factory: TaskFactory | undefined = Object.hasOwn(taskTypes, def.type)
    ? taskTypes[def.type]
    : undefined;
  if (factory === undefined) {
    at(
      "type",
      `unknown task type "${def.type}" (known: ${Object.keys(taskTypes).join(", ")}; pass taskTypes to loadTask for your own).`,
    );
  }

  // Built-in types are built with stand-ins to check the routing too; a factory of yours (one
  // replacing a built-in included) only sees a definition that resolved completely.
  const builtIn = factory !== undefined && factory === BUILT_IN_TASK_TYPES[def.type];
  const resolved = problems.length === 0 && read.problems.length === 0;
  const checkable = !dropped.some((path) => ROUTING_FIELDS.includes(path.split(".")[0]!));
  let task: AliceTask | undefined;
  if (factory !== undefined && checkable && (builtIn || resolved)) {
    try {
      task = factory(
        taskFileOptions(def, { templates, tasks, inputVariables, agent, tools, outputSchema }),
      );
    } catch (error) {
      for (const m of problemMessages(error))
        problems.push({ file: ctx.shown, path: fieldPath(prefix, ""), message: m });
    }
  }
  const all = [...read.problems, ...problems];
  if (all.length > 0 || task === undefined) throw new TaskFileError(all);
  return task;
}

/** A sub-task by file path or inline; a stand-in (and its problems) when it does not load. */
async function loadSubtask(
  key: string,
  sub: string | Record<string, unknown>,
  ctx: BuildContext,
  problems: TaskFileProblem[],
  at: (path: string, message: string) => void,
): Promise<AliceTask> {
  try {
    if (typeof sub !== "string")
      return await inlineTask(sub, `${ctx.prefix ?? ""}tasks.${key}.`, ctx);
    if (existsSync(resolve(ctx.dir, sub))) return await ctx.loadFile(resolve(ctx.dir, sub));
    at(`tasks.${key}`, `no task file at "${sub}" (relative to this file).`);
  } catch (error) {
    if (error instanceof TaskFileError) problems.push(...error.problems);
    else for (const m of problemMessages(error)) at(`tasks.${key}`, m);
  }
  return standInTask(key);
}

async function inlineTask(
  raw: Record<string, unknown>,
  prefix: string,
  ctx: BuildContext,
): Promise<AliceTask> {
  const read = readDefinition(raw, ctx.shown, prefix);
  if (read.def === undefined) throw new TaskFileError(read.problems);
  return buildTask({ ...read, def: read.def }, { ...ctx, prefix });
}

/** The templates of a definition; a stand-in for each that does not load (listed in `unloaded`). */
async function loadTemplates(
  def: TaskFile,
  ctx: BuildContext,
  at: (path: string, message: string) => void,
): Promise<{ templates: Record<string, Prompt>; unloaded: Set<string> }> {
  const templates: Record<string, Prompt> = {};
  const unloaded = new Set<string>();
  for (const [name, template] of Object.entries(def.templates ?? {})) {
    try {
      templates[name] = await loadTemplate(template, `${def.taskName}.${name}`, ctx);
    } catch (error) {
      for (const m of problemMessages(error)) at(`templates.${name}`, m);
      templates[name] = standInPrompt(name);
      unloaded.add(name);
    }
  }
  return { templates, unloaded };
}

/** The tool a file names, from `loadTask`'s tools; a stand-in when it was not given. */
function findTool(
  name: string,
  tools: LoadTaskOptions["tools"],
  fail: (message: string) => void,
): Tool<unknown> {
  const found = Array.isArray(tools)
    ? (tools as readonly Tool<unknown>[]).find((t) => t.name === name)
    : tools !== undefined && Object.hasOwn(tools, name)
      ? (tools as Readonly<Record<string, Tool<unknown>>>)[name]
      : undefined;
  if (found !== undefined) return found;
  fail(`no tool "${name}" was given to loadTask (given: ${toolNames(tools)}).`);
  return standInTool(name);
}

function toolNames(tools: LoadTaskOptions["tools"]): string {
  if (tools === undefined) return "none";
  const names = Array.isArray(tools)
    ? (tools as readonly Tool<unknown>[]).map((t) => t.name)
    : Object.keys(tools);
  return names.join(", ") || "none";
}
