import { z } from "zod";

let built: ReturnType<typeof buildSchema> | undefined;

/**
 * The fields every task type shares (camelCase, after the seed's snake_case keys are renamed).
 * Built on first use, not when the package loads.
 */
export function taskFileSchema(): ReturnType<typeof buildSchema> {
  built ??= buildSchema();
  return built;
}

function buildSchema() {
  const routeSchema = z.tuple([z.string().min(1).nullable(), z.boolean()]);
  const integerKey = z.string().regex(/^-?\d+$/, "an integer exit code");

  /** A template: a path to a `.prompt` file, inline Handlebars text, or the seed's Prompt object. */
  const templateSchema = z.union([
    z.string(),
    z.looseObject({
      content: z.string(),
      name: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
    }),
  ]);

  const checkpointSchema = z.object({
    userPrompt: z.string(),
    options: z.record(integerKey, z.string()).optional(),
    taskNextObj: z.record(integerKey, z.string().min(1).nullable()),
    requestFeedback: z.boolean().optional(),
  });

  const modelSchema = z.union([
    z
      .string()
      .regex(/^[a-z][\w-]*[:/].+$/i, 'a model as "provider:model", e.g. "openai:gpt-4o-mini"'),
    z.object({ provider: z.string().min(1), model: z.string().min(1) }),
  ]);

  const agentSchema = z.object({
    name: z.string().min(1),
    systemMessage: templateSchema.optional(),
    model: modelSchema.optional(),
    hasTools: z.union([z.boolean(), z.number().int().min(0).max(3)]).optional(),
    maxToolRounds: z.number().int().min(0).optional(),
    modelSettings: z.record(z.string(), z.unknown()).optional(),
    stream: z.union([z.boolean(), z.literal("auto")]).optional(),
    /** The seed's `models: { chat: { model_name, api_name } }`. */
    models: z
      .record(
        z.string(),
        z.looseObject({ model_name: z.string().optional(), api_name: z.string().optional() }),
      )
      .optional(),
  });

  const fileSchema = z.object({
    type: z.string().min(1),
    taskName: z.string().min(1),
    taskDescription: z.string().optional(),
    startNode: z.string().min(1).optional(),
    recursive: z.boolean().optional(),
    maxAttempts: z.number().int().min(1).optional(),
    maxNodeExecutions: z.number().int().min(1).optional(),
    nodeEndCodeRouting: z.record(z.string(), z.record(integerKey, routeSchema)).optional(),
    userCheckpoints: z.record(z.string(), checkpointSchema).optional(),
    inputVariables: z.record(z.string(), z.unknown()).optional(),
    exitCodes: z.record(integerKey, z.string()).optional(),
    templates: z.record(z.string(), templateSchema).optional(),
    tasks: z
      .record(z.string(), z.union([z.string(), z.record(z.string(), z.unknown())]))
      .optional(),
    agent: agentSchema.optional(),
    tools: z.array(z.string()).optional(),
    outputSchema: z.record(z.string(), z.unknown()).optional(),
    exitCodeResponseMap: z.record(z.string(), z.number().int()).optional(),
    maxToolConcurrency: z.number().int().min(1).optional(),
    toolTimeoutMs: z.number().positive().optional(),
    modelSettings: z.record(z.string(), z.unknown()).optional(),
  });
  return fileSchema;
}

/** A task file, validated. */
export type TaskFile = z.infer<ReturnType<typeof buildSchema>>;
/** An agent block of a task file. */
export type AgentFile = NonNullable<TaskFile["agent"]>;
/** A template entry of a task file. */
export type TemplateFile = NonNullable<TaskFile["templates"]>[string];
