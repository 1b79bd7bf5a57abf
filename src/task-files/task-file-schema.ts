import { z } from "zod";
import type { ModelSettings } from "../providers/language-model.ts";

let built: ReturnType<typeof buildSchema> | undefined;

/**
 * The fields every task type shares (camelCase, after Project Alice's snake_case keys are renamed).
 * Every object the schema defines is closed: a key it does not list is a problem, not ignored.
 * Values that hold user data (routing tables, JSON Schema, provider options) stay open.
 * Built on first use, not when the package loads.
 */
export function taskFileSchema(): ReturnType<typeof buildSchema> {
  built ??= buildSchema();
  return built;
}

function buildSchema() {
  const routeSchema = z.tuple([z.string().min(1).nullable(), z.boolean()], {
    error: "a route as [next node or null, isRetry], e.g. [Check, false]",
  });
  const integerKey = z.string().regex(/^-?\d+$/, "an integer exit code");

  /** A template: a `.prompt` file path, inline Handlebars, or a Project Alice Prompt object. */
  const templateSchema = z.union(
    [
      z.string(),
      z.strictObject({
        content: z.string(),
        name: z.string().min(1).optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
        partialVariables: z.record(z.string(), z.unknown()).optional(),
        /** Project Alice's Prompt flag, accepted (templates are always Handlebars here). */
        isTemplated: z.boolean().optional(),
      }),
    ],
    { error: "a template: a .prompt file path, inline text, or { content, name?, parameters? }" },
  );

  const checkpointSchema = z.strictObject({
    userPrompt: z.string(),
    options: z.record(integerKey, z.string()).optional(),
    taskNextObj: z.record(integerKey, z.string().min(1).nullable()),
    requestFeedback: z.boolean().optional(),
  });

  const modelSchema = z.union(
    [
      z
        .string()
        .regex(/^[a-z][\w-]*[:/].+$/i, 'a model as "provider:model", e.g. "openai:gpt-4o-mini"'),
      z.strictObject({ provider: z.string().min(1), model: z.string().min(1) }),
    ],
    { error: 'a model as "provider:model", e.g. "openai:gpt-4o-mini", or { provider, model }' },
  );

  /** ModelSettings: the same names for every provider. */
  const modelSettingsSchema = z.strictObject({
    temperature: z.number().min(0).max(2).optional(),
    maxOutputTokens: z.number().int().min(1).optional(),
    topP: z.number().min(0).max(1).optional(),
    topK: z.number().int().min(1).optional(),
    stopSequences: z.array(z.string()).optional(),
    seed: z.number().int().optional(),
    presencePenalty: z.number().min(-2).max(2).optional(),
    frequencyPenalty: z.number().min(-2).max(2).optional(),
    toolChoice: z
      .union([z.enum(["auto", "none", "required"]), z.strictObject({ name: z.string().min(1) })], {
        error: 'auto, none, required, or { name: "tool" }',
      })
      .optional(),
    parallelToolCalls: z.boolean().optional(),
    maxRetries: z.number().int().min(0).optional(),
    /** Provider-specific body fields, passed as given: their keys are the provider's. */
    providerOptions: z.record(z.string(), z.unknown()).optional(),
    /** Settings and body fields to leave out for a provider whose API has no field for them. */
    dropUnsupported: z.array(z.string()).optional(),
    structuredOutput: z.enum(["native", "tool", "prompt"]).optional(),
    reasoningEffort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).optional(),
    thinking: z.strictObject({ budgetTokens: z.number().int().min(1024) }).optional(),
    cacheControl: z.union([z.boolean(), z.strictObject({ ttl: z.enum(["5m", "1h"]) })]).optional(),
  });
  // Every setting a model takes can be written in a task file: a new one fails to compile here.
  const everySetting: Record<
    Exclude<keyof ModelSettings, keyof z.infer<typeof modelSettingsSchema>>,
    never
  > = {};
  void everySetting;

  /** Project Alice's AliceModel, as far as an agent uses it: which model on which API. */
  const seedModelSchema = z.strictObject({
    model_name: z.string().optional(),
    api_name: z.string().optional(),
  });

  const agentSchema = z.strictObject({
    name: z.string().min(1),
    systemMessage: templateSchema.optional(),
    model: modelSchema.optional(),
    hasTools: z.union([z.boolean(), z.number().int().min(0).max(3)]).optional(),
    maxToolRounds: z.number().int().min(0).optional(),
    modelSettings: modelSettingsSchema.optional(),
    stream: z.union([z.boolean(), z.literal("auto")]).optional(),
    /** Project Alice's `models: { chat: { model_name, api_name } }` (chat first, then instruct). */
    models: z
      .strictObject({ chat: seedModelSchema.optional(), instruct: seedModelSchema.optional() })
      .optional(),
  });

  const fileSchema = z.strictObject({
    type: z.string().min(1),
    taskName: z.string().min(1),
    taskDescription: z.string().optional(),
    id: z.string().min(1).optional(),
    startNode: z.string().min(1).optional(),
    recursive: z.boolean().optional(),
    maxAttempts: z.number().int().min(1).optional(),
    maxNodeExecutions: z.number().int().min(1).optional(),
    nodeEndCodeRouting: z.record(z.string(), z.record(integerKey, routeSchema)).optional(),
    userCheckpoints: z.record(z.string(), checkpointSchema).optional(),
    /** FunctionParameters or Picoschema: JSON Schema's keys, not this file's. */
    inputVariables: z.record(z.string(), z.unknown()).optional(),
    exitCodes: z.record(integerKey, z.string()).optional(),
    /** Exit codes that end a run `complete`. */
    successCodes: z.array(z.number().int()).min(1).optional(),
    requiredApis: z.array(z.string()).optional(),
    templates: z.record(z.string(), templateSchema).optional(),
    /** Sub-task file paths, or inline definitions (each checked with this schema when built). */
    tasks: z
      .record(
        z.string(),
        z.union([z.string(), z.record(z.string(), z.unknown())], {
          error: "a sub-task: a task file path, or an inline task definition",
        }),
      )
      .optional(),
    agent: agentSchema.optional(),
    tools: z.array(z.string()).optional(),
    outputSchema: z.record(z.string(), z.unknown()).optional(),
    exitCodeResponseMap: z.record(z.string(), z.number().int()).optional(),
    maxToolConcurrency: z.number().int().min(1).optional(),
    toolTimeoutMs: z.number().positive().optional(),
    modelSettings: modelSettingsSchema.optional(),
  });
  return fileSchema;
}

/** A task file, validated. */
export type TaskFile = z.infer<ReturnType<typeof buildSchema>>;
/** An agent block of a task file. */
export type AgentFile = NonNullable<TaskFile["agent"]>;
/** A template entry of a task file. */
export type TemplateFile = NonNullable<TaskFile["templates"]>[string];
