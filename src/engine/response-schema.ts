import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../errors/codes.ts";
import type { TaskError, TaskResponse } from "./types.ts";

/** Validates a `TaskResponse` read back from JSON (e.g. a paused run handed to `resume()`). */
export const taskResponseSchema: z.ZodType<TaskResponse> = z.lazy(() => {
  // Built on first use (a resume), not when the package loads.
  built ??= buildSchema();
  return built;
});

let built: ReturnType<typeof buildSchema> | undefined;

/**
 * The type and the schema cannot drift: the schema's output must be a TaskResponse (`satisfies`
 * below), and every field of TaskResponse must be read by the schema (a field added to the type
 * but not here would be stripped from a paused run on resume): the key named in a compile error
 * here is the one missing from the schema.
 */
type UnreadField = Exclude<keyof TaskResponse, keyof z.output<ReturnType<typeof buildSchema>>>;
const everyFieldRead: [UnreadField] extends [never] ? true : UnreadField = true;
void everyFieldRead;

function buildSchema() {
  const count = z.number().int().nonnegative();
  const exitCode = z.number().int();
  const optionKey = z.string().regex(/^-?\d+$/, "option numbers must be integers");
  const errorCode = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

  const usageSchema = z.object({
    inputTokens: count,
    outputTokens: count,
    cachedInputTokens: count.optional(),
    cacheWriteTokens: count.optional(),
    reasoningTokens: count.optional(),
  });

  const usageMetricsSchema = z.object({
    inputTokens: count,
    outputTokens: count,
    cachedInputTokens: count,
    // Responses saved before cache writes were counted have none.
    cacheWriteTokens: count.default(0),
    reasoningTokens: count,
    totalTokens: count,
    modelCalls: count,
  });

  const toolCallSchema = z.looseObject({ id: z.string(), name: z.string(), arguments: z.string() });

  const contentSchema = z.union([
    z.string(),
    z.array(
      z.discriminatedUnion("type", [
        z.looseObject({ type: z.literal("text"), text: z.string() }),
        z.looseObject({
          type: z.literal("image"),
          url: z.string(),
          mediaType: z.string().optional(),
        }),
        z.looseObject({
          type: z.literal("file"),
          url: z.string(),
          mediaType: z.string(),
          filename: z.string().optional(),
        }),
      ]),
    ),
  ]);

  const messageSchema = z.discriminatedUnion("role", [
    z.looseObject({ role: z.literal("system"), content: z.string() }),
    z.looseObject({ role: z.literal("user"), content: contentSchema }),
    z.looseObject({
      role: z.literal("assistant"),
      content: z.string(),
      reasoning: z
        .array(
          z.looseObject({
            type: z.literal("reasoning"),
            text: z.string(),
            provider: z.string(),
            signature: z.string().optional(),
            redactedData: z.string().optional(),
            id: z.string().optional(),
            encryptedContent: z.string().optional(),
          }),
        )
        .optional(),
      toolCalls: z.array(toolCallSchema).optional(),
      usage: usageSchema.optional(),
      model: z.string().optional(),
      rejected: z.object({ code: errorCode, reason: z.string() }).optional(),
    }),
    z.looseObject({
      role: z.literal("tool"),
      toolCallId: z.string(),
      toolName: z.string(),
      content: z.string(),
    }),
  ]);

  const userResponseSchema = z.object({
    selectedOption: z.number().int(),
    feedback: z.string().optional(),
  });

  const userInteractionSchema = z.object({
    taskName: z.string(),
    nodeName: z.string(),
    userPrompt: z.string(),
    options: z.record(optionKey, z.string()),
    requestFeedback: z.boolean(),
    executionOrder: count,
    response: userResponseSchema.optional(),
  });

  const taskErrorSchema: z.ZodType<TaskError> = z.object({
    code: errorCode,
    message: z.string(),
    nodeName: z.string().optional(),
    path: z.array(z.string()).optional(),
    get cause() {
      return taskErrorSchema.optional();
    },
  });

  const referencesSchema = z.looseObject({
    messages: z.array(messageSchema).optional(),
    toolCalls: z.array(toolCallSchema).optional(),
    get taskResponses() {
      return z.array(taskResponseSchema).optional();
    },
    userInteractions: z.array(userInteractionSchema).optional(),
    errors: z
      .array(z.looseObject({ name: z.string(), message: z.string(), code: z.string().optional() }))
      .optional(),
    data: z.record(z.string(), z.json()).optional(),
  });

  const nodeResponseSchema = z.object({
    parentTaskId: z.string(),
    nodeName: z.string().min(1),
    executionOrder: count,
    exitCode,
    output: z.unknown().optional(),
    references: referencesSchema,
  });

  return z
    .object({
      schemaVersion: z.literal(1),
      taskId: z.string(),
      runId: z.string().min(1),
      parentRunId: z.string().optional(),
      taskName: z.string().min(1),
      taskDescription: z.string(),
      status: z.enum(["complete", "failed", "pending", "cancelled"]),
      resultCode: exitCode,
      resultDiagnostic: z.string(),
      error: taskErrorSchema.optional(),
      taskInputs: z.record(z.string(), z.unknown()),
      taskOutputs: z.string(),
      structuredOutput: z.unknown().optional(),
      nodeReferences: z.array(nodeResponseSchema),
      userInteractions: z.array(userInteractionSchema),
      state: z.record(z.string(), z.unknown()).optional(),
      usageMetrics: usageMetricsSchema,
      pending: z
        .object({
          nodeName: z.string().min(1),
          interaction: userInteractionSchema,
          path: z.array(z.string()).min(1),
          child: taskResponseSchema.optional(),
        })
        .optional(),
    })
    .refine((r) => (r.status === "pending") === (r.pending !== undefined), {
      message: 'a response has "pending" exactly when its status is "pending"',
      path: ["pending"],
    }) satisfies z.ZodType<TaskResponse>;
}
