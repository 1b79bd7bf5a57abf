import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { MockTurnSpec } from "../testing/mock-turn.ts";
import { CliError } from "./cli-error.ts";

const toolCall = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]),
});

const options = {
  delayMs: z.number().min(0).optional(),
  usage: z
    .object({
      inputTokens: z.number().int().min(0),
      outputTokens: z.number().int().min(0),
      cachedInputTokens: z.number().int().min(0).optional(),
      cacheWriteTokens: z.number().int().min(0).optional(),
      reasoningTokens: z.number().int().min(0).optional(),
    })
    .optional(),
  finishReason: z.string().optional(),
  model: z.string().optional(),
  stream: z.looseObject({}).optional(),
};

const errorTurn = z.strictObject({
  error: z.looseObject({ status: z.number().int().min(400).max(599) }),
  delayMs: options.delayMs,
});
const networkErrorTurn = z.strictObject({
  networkError: z.literal(true),
  delayMs: options.delayMs,
});
const replyTurn = z
  .strictObject({
    text: z.string().optional(),
    toolCalls: z.array(toolCall).optional(),
    ...options,
  })
  .refine((t) => t.text !== undefined || t.toolCalls !== undefined, {
    message: "a turn needs text, toolCalls, error or networkError",
  });

// Chosen by key rather than as a union, so a problem is reported inside the turn it is in.
const turn = z.unknown().superRefine((value, ctx) => {
  const has = (key: string) => typeof value === "object" && value !== null && key in value;
  const schema = has("error") ? errorTurn : has("networkError") ? networkErrorTurn : replyTurn;
  for (const issue of schema.safeParse(value).error?.issues ?? [])
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

const scriptSchema = z.strictObject({
  provider: z.enum(["openai", "anthropic"]).optional(),
  model: z.string().min(1).optional(),
  turns: z.array(turn),
});

/** A `--mock` script: which wire format, which model name, and the turns in the testing kit's JSON form. */
export interface MockScript {
  provider?: "openai" | "anthropic";
  model?: string;
  turns: MockTurnSpec[];
}

/** Reads and checks a `--mock` script file, naming the first problems by their JSON path. */
export async function readMockScript(file: string, shown: string): Promise<MockScript> {
  const fail = (why: string): never => {
    throw new CliError("CLI_MOCK_INVALID", `--mock ${shown}: ${why}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    fail(
      error instanceof SyntaxError
        ? `not JSON (${error.message})`
        : `cannot read it (${String((error as Error).message)})`,
    );
  }
  const parsed = scriptSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join(".") || "(script)"}: ${issue.message}`);
    fail(
      `${issues.join("; ")} (expected { "provider"?, "model"?, "turns": [{ "text": "…" }, …] })`,
    );
  }
  // Checked above against the kit's JSON turn shapes.
  return parsed.data as MockScript;
}
