import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { AliceAgent } from "../agents/alice-agent.ts";
import { CheckTask } from "../agents/check-task.ts";
import { PromptAgentTask } from "../agents/prompt-agent-task.ts";
import type { AliceTask, AliceTaskOptions } from "../engine/alice-task.ts";
import { Workflow } from "../engine/workflow.ts";
import { AliceError } from "../errors/alice-error.ts";
import { TaskDefinitionError } from "../errors/errors.ts";
import { loadPrompt } from "../prompts/load-prompt.ts";
import { picoschemaToJsonSchema } from "../prompts/picoschema.ts";
import { Prompt } from "../prompts/prompt.ts";
import type { ModelProvider, ModelSettings } from "../providers/model-provider.ts";
import type { Tool } from "../tools/define-tool.ts";
import {
  definitionToZod,
  type FunctionParameters,
  type ParameterDefinition,
} from "../tools/function-parameters.ts";
import type { LoadTaskOptions } from "./load-task.ts";
import { loadTaskFile } from "./load-task.ts";
import { resolveModel } from "./resolve-model.ts";
import { renameSeedKeys } from "./seed-keys.ts";
import { TaskFileError, type TaskFileProblem } from "./task-file-error.ts";
import {
  type AgentFile,
  type TaskFile,
  type TemplateFile,
  taskFileSchema,
} from "./task-file-schema.ts";

/** Everything a task file resolves to, for a custom task type's factory. */
export interface TaskFileOptions extends AliceTaskOptions {
  /** The task file's fields as written (validated), for fields only a custom type knows. */
  file: TaskFile;
}

/** Builds a custom task type from a file's resolved options. */
export type TaskFactory = (options: TaskFileOptions) => AliceTask;

/** Where a definition comes from, for relative paths and messages. */
export interface BuildContext {
  file: string;
  shown: string;
  dir: string;
  options: LoadTaskOptions;
  stack: readonly string[];
  /** Field path of this definition inside its file ("" at the top, "tasks.Check." inline). */
  prefix?: string;
}

const BUILT_IN = ["PromptAgentTask", "CheckTask", "Workflow"];

/** Resolves a validated task definition (templates, sub-tasks, agent, tools) and builds the task. */
export async function buildTask(def: TaskFile, ctx: BuildContext): Promise<AliceTask> {
  const problems: TaskFileProblem[] = [];
  const prefix = ctx.prefix ?? "";
  const at = (path: string, message: string) =>
    problems.push({ file: ctx.shown, path: `${prefix}${path}`, message });

  const templates: Record<string, Prompt> = {};
  for (const [name, template] of Object.entries(def.templates ?? {})) {
    const prompt = await loadTemplate(template, `${def.taskName}.${name}`, ctx).catch(
      (e: unknown) => at(`templates.${name}`, message(e)),
    );
    if (prompt instanceof Prompt) templates[name] = prompt;
  }
  const tasks: Record<string, AliceTask> = {};
  for (const [key, sub] of Object.entries(def.tasks ?? {})) {
    if (typeof sub === "string" && !existsSync(resolve(ctx.dir, sub))) {
      at(`tasks.${key}`, `no task file at "${sub}" (relative to this file).`);
      continue;
    }
    try {
      tasks[key] =
        typeof sub === "string"
          ? await loadTaskFile(resolve(ctx.dir, sub), ctx.options, ctx.stack)
          : await inlineTask(sub, `${prefix}tasks.${key}.`, ctx);
    } catch (error) {
      if (error instanceof TaskFileError) problems.push(...error.problems);
      else at(`tasks.${key}`, message(error));
    }
  }
  const inputVariables =
    def.inputVariables === undefined
      ? undefined
      : toParameters(def.inputVariables, (m) => at("inputVariables", m));
  const outputSchema =
    def.outputSchema === undefined
      ? undefined
      : toZod(def.outputSchema, (m) => at("outputSchema", m));
  const tools = (def.tools ?? []).flatMap((name, i) => {
    const tool = findTool(ctx.options.tools, name);
    if (tool === undefined)
      at(
        `tools.${i}`,
        `no tool "${name}" was given to loadTask (given: ${toolNames(ctx.options.tools)}).`,
      );
    return tool === undefined ? [] : [tool];
  });
  const agentic = def.type === "PromptAgentTask" || def.type === "CheckTask";
  let agent: AliceAgent | undefined;
  if (agentic && def.agent === undefined)
    at("agent", "a PromptAgentTask or CheckTask needs an agent: { name, model, systemMessage? }.");
  if (def.agent !== undefined)
    agent = await buildAgent(def.agent, templates.task_template, ctx, (path, m) =>
      at(`agent${path}`, m),
    );
  if (
    agentic &&
    templates.task_template === undefined &&
    !problems.some((p) => p.path.startsWith(`${prefix}templates`))
  ) {
    at(
      "templates.task_template",
      "required: the message that asks the model (a .prompt file path or inline text).",
    );
  }
  const factory = ctx.options.taskTypes?.[def.type];
  if (!BUILT_IN.includes(def.type) && factory === undefined) {
    const known = [...BUILT_IN, ...Object.keys(ctx.options.taskTypes ?? {})].join(", ");
    at(
      "type",
      `unknown task type "${def.type}" (known: ${known}; pass taskTypes to loadTask for your own).`,
    );
  }
  if (problems.length > 0) throw new TaskFileError(problems);

  const common: AliceTaskOptions = {
    taskName: def.taskName,
    nodeEndCodeRouting: (def.nodeEndCodeRouting ?? {}) as AliceTaskOptions["nodeEndCodeRouting"],
    ...(def.taskDescription === undefined ? {} : { taskDescription: def.taskDescription }),
    ...(def.startNode === undefined ? {} : { startNode: def.startNode }),
    ...(def.recursive === undefined ? {} : { recursive: def.recursive }),
    ...(def.maxAttempts === undefined ? {} : { maxAttempts: def.maxAttempts }),
    ...(def.maxNodeExecutions === undefined ? {} : { maxNodeExecutions: def.maxNodeExecutions }),
    ...(def.userCheckpoints === undefined
      ? {}
      : { userCheckpoints: def.userCheckpoints as AliceTaskOptions["userCheckpoints"] }),
    ...(inputVariables === undefined ? {} : { inputVariables }),
    ...(def.exitCodes === undefined
      ? {}
      : { exitCodes: def.exitCodes as AliceTaskOptions["exitCodes"] }),
    templates,
    tasks,
  };
  try {
    return construct(def, common, { agent, tools, outputSchema, factory });
  } catch (error) {
    if (error instanceof TaskDefinitionError)
      throw new TaskFileError(
        error.problems.map((m) => ({
          file: ctx.shown,
          path: prefix.replace(/\.$/, ""),
          message: m,
        })),
      );
    throw new TaskFileError([
      { file: ctx.shown, path: prefix.replace(/\.$/, ""), message: message(error) },
    ]);
  }
}

function construct(
  def: TaskFile,
  common: AliceTaskOptions,
  parts: {
    agent: AliceAgent | undefined;
    tools: Tool<unknown>[];
    outputSchema: z.ZodType | undefined;
    factory: TaskFactory | undefined;
  },
): AliceTask {
  // An agent task without a routing table in its file keeps the agent's default routing.
  const { nodeEndCodeRouting, ...rest } = common;
  const agentOptions = {
    ...rest,
    ...(def.nodeEndCodeRouting === undefined ? {} : { nodeEndCodeRouting }),
    agent: parts.agent!,
    templates: common.templates as { task_template: Prompt },
    ...(def.modelSettings === undefined
      ? {}
      : { modelSettings: def.modelSettings as ModelSettings }),
    ...(def.maxToolConcurrency === undefined ? {} : { maxToolConcurrency: def.maxToolConcurrency }),
    ...(def.toolTimeoutMs === undefined ? {} : { toolTimeoutMs: def.toolTimeoutMs }),
  };
  switch (def.type) {
    case "PromptAgentTask":
      return new PromptAgentTask({
        ...agentOptions,
        tools: parts.tools,
        ...(parts.outputSchema === undefined ? {} : { outputSchema: parts.outputSchema }),
      });
    case "CheckTask":
      return new CheckTask({
        ...agentOptions,
        ...(def.exitCodeResponseMap === undefined
          ? {}
          : { exitCodeResponseMap: def.exitCodeResponseMap }),
      });
    case "Workflow":
      return new Workflow({ ...common, tasks: common.tasks ?? {} });
    default:
      return parts.factory!({ ...common, file: def });
  }
}

async function inlineTask(
  raw: Record<string, unknown>,
  prefix: string,
  ctx: BuildContext,
): Promise<AliceTask> {
  const parsed = taskFileSchema().safeParse(renameSeedKeys(raw));
  if (!parsed.success) {
    throw new TaskFileError(
      parsed.error.issues.map((issue) => ({
        file: ctx.shown,
        path: `${prefix}${issue.path.map(String).join(".")}`,
        message: issue.message,
      })),
    );
  }
  return buildTask(parsed.data, { ...ctx, prefix });
}

async function loadTemplate(
  template: TemplateFile,
  name: string,
  ctx: BuildContext,
): Promise<Prompt> {
  if (typeof template === "string") {
    return template.trim().endsWith(".prompt") && !template.includes("\n")
      ? loadPrompt(resolve(ctx.dir, template.trim()))
      : new Prompt({ name, content: template });
  }
  const parameters = template.parameters as FunctionParameters | undefined;
  return new Prompt({
    name: template.name ?? name,
    content: template.content,
    ...(parameters === undefined ? {} : { parameters }),
  });
}

async function buildAgent(
  def: AgentFile,
  taskTemplate: Prompt | undefined,
  ctx: BuildContext,
  at: (path: string, message: string) => void,
): Promise<AliceAgent | undefined> {
  let systemMessage: Prompt | undefined;
  if (def.systemMessage !== undefined) {
    systemMessage = await loadTemplate(def.systemMessage, `${def.name}.system`, ctx).catch(
      (e: unknown) => {
        at(".systemMessage", message(e));
        return undefined;
      },
    );
  }
  const seedModel = def.models?.chat ?? def.models?.instruct;
  const spec =
    typeof def.model === "object"
      ? `${def.model.provider}:${def.model.model}`
      : (def.model ??
        (seedModel?.model_name === undefined
          ? undefined
          : `${seedModel.api_name ?? "openai"}:${seedModel.model_name}`) ??
        taskTemplate?.model);
  let model: ModelProvider | undefined = ctx.options.model;
  if (model === undefined && spec === undefined) {
    at(
      ".model",
      'required: a model as "provider:model", e.g. "openai:gpt-4o-mini" (or a model in the task_template .prompt file).',
    );
  } else if (model === undefined && spec !== undefined) {
    try {
      model = await (ctx.options.resolveModel ?? resolveModel)(spec);
    } catch (error) {
      at(".model", message(error));
    }
  }
  if (model === undefined) return undefined;
  return new AliceAgent({
    name: def.name,
    model,
    ...(systemMessage === undefined ? {} : { systemMessage }),
    ...(def.hasTools === undefined
      ? {}
      : { hasTools: typeof def.hasTools === "boolean" ? def.hasTools : def.hasTools > 0 }),
    ...(def.maxToolRounds === undefined ? {} : { maxToolRounds: def.maxToolRounds }),
    ...(def.modelSettings === undefined
      ? {}
      : { modelSettings: def.modelSettings as ModelSettings }),
    ...(def.stream === undefined ? {} : { stream: def.stream }),
  });
}

/** FunctionParameters as written, or Picoschema shorthand (`topic: string, what to research`). */
function toParameters(
  value: Record<string, unknown>,
  fail: (message: string) => void,
): FunctionParameters | undefined {
  if (value.type === "object" && typeof value.properties === "object")
    return value as unknown as FunctionParameters;
  try {
    const schema = picoschemaToJsonSchema(value);
    if (schema?.type === "object" && schema.properties !== undefined)
      return schema as FunctionParameters;
    fail(
      "expected an object schema: FunctionParameters ({ type: object, properties }) or Picoschema fields.",
    );
  } catch (error) {
    fail(message(error));
  }
  return undefined;
}

function toZod(
  value: Record<string, unknown>,
  fail: (message: string) => void,
): z.ZodType | undefined {
  try {
    const schema = (typeof value.type === "string" ? value : picoschemaToJsonSchema(value)) as
      | ParameterDefinition
      | undefined;
    return schema === undefined ? undefined : definitionToZod(schema);
  } catch (error) {
    fail(message(error));
    return undefined;
  }
}

function findTool(tools: LoadTaskOptions["tools"], name: string): Tool<unknown> | undefined {
  if (tools === undefined) return undefined;
  if (Array.isArray(tools)) return (tools as readonly Tool<unknown>[]).find((t) => t.name === name);
  const record = tools as Readonly<Record<string, Tool<unknown>>>;
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

function toolNames(tools: LoadTaskOptions["tools"]): string {
  if (tools === undefined) return "none";
  const names = Array.isArray(tools)
    ? (tools as readonly Tool<unknown>[]).map((t) => t.name)
    : Object.keys(tools);
  return names.join(", ") || "none";
}

function message(error: unknown): string {
  if (AliceError.isInstance(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
