// Type-level expectations, checked by `npm run typecheck` (tsc): a zod outputSchema types the
// response's structuredOutput, with no generics written by hand; everything else stays unknown.
import {
  AliceAgent,
  AliceTask,
  CheckTask,
  type NodeResponse,
  type NodeResult,
  PromptAgentTask,
  type TaskResponse,
  Workflow,
} from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { expectTypeOf } from "vitest";
import { z } from "zod";

const model = createOpenAI({ apiKey: "sk-test-types" })("gpt-4o-mini");
const agent = new AliceAgent({ name: "a", model });
const ticket = z.object({
  title: z.string(),
  priority: z.enum(["low", "urgent"]),
  tags: z.array(z.string()).default([]),
});

export async function aZodOutputSchemaTypesStructuredOutput(): Promise<void> {
  const task = new PromptAgentTask({
    taskName: "extract",
    agent,
    templates: { task_template: "{{email}}" },
    outputSchema: ticket,
  });
  const response = await task.run({ email: "…" });
  // The schema's output: the default applied, so tags is never undefined.
  expectTypeOf(response.structuredOutput).toEqualTypeOf<
    { title: string; priority: "low" | "urgent"; tags: string[] } | undefined
  >();
  // @ts-expect-error not a field of the schema
  response.structuredOutput?.body;
  const resumed = await task.resume(response, { selectedOption: 0 });
  expectTypeOf(resumed.structuredOutput?.priority).toEqualTypeOf<"low" | "urgent" | undefined>();
  // A typed response is still a TaskResponse.
  const plain: TaskResponse = response;
  void plain;
}

export async function typedInputsAndATypedOutputTogether(): Promise<void> {
  const task = new PromptAgentTask({
    taskName: "extract",
    agent,
    templates: { task_template: "{{email}}" },
    inputVariables: z.object({ email: z.string() }),
    outputSchema: ticket,
  });
  const response = await task.run({ email: "…" });
  expectTypeOf(response.structuredOutput?.tags).toEqualTypeOf<string[] | undefined>();
  // @ts-expect-error a misspelt input
  await task.run({ emial: "…" });
}

export async function otherwiseStructuredOutputIsUnknown(): Promise<void> {
  const fromJsonSchema = new PromptAgentTask({
    taskName: "t",
    agent,
    templates: { task_template: "?" },
    outputSchema: { type: "object", properties: { answer: { type: "number" } } },
  });
  expectTypeOf((await fromJsonSchema.run()).structuredOutput).toEqualTypeOf<unknown>();
  const none = new PromptAgentTask({ taskName: "t", agent, templates: { task_template: "?" } });
  expectTypeOf((await none.run()).structuredOutput).toEqualTypeOf<unknown>();
  const check = new CheckTask({ taskName: "c", agent, templates: { task_template: "?" } });
  expectTypeOf((await check.run()).structuredOutput).toEqualTypeOf<unknown>();
}

export async function aTypedAgentIsStillATaskForWorkflowsAndTools(): Promise<void> {
  const extract = new PromptAgentTask({
    taskName: "extract",
    agent,
    templates: { task_template: "{{email}}" },
    outputSchema: ticket,
  });
  const workflow = new Workflow({
    taskName: "w",
    tasks: { extract },
    nodeEndCodeRouting: { extract: { 0: [null, false] } },
  });
  // A sub-task's output reaches later nodes as a run variable, which is not typed per node.
  expectTypeOf((await workflow.run()).structuredOutput).toEqualTypeOf<unknown>();
  // Its typed response is in the node's references as a plain TaskResponse.
  const child = (await workflow.run()).nodeReferences[0]?.references.taskResponses?.[0];
  expectTypeOf(child?.structuredOutput).toEqualTypeOf<unknown>();
  extract.asTool();
}

const report = z.object({ total: z.number() });

class Totals extends AliceTask<Record<string, unknown>, z.infer<typeof report>> {
  constructor() {
    super({ taskName: "totals", nodeEndCodeRouting: { sum: { 0: [null, false] } } });
  }
  execute_sum(): NodeResult {
    return { exitCode: 0, output: { total: 3 } };
  }
  override structuredOutput(history: readonly NodeResponse[]) {
    return report.parse(history.at(-1)?.output);
  }
}

export async function aSubclassDeclaresItsOutput(): Promise<void> {
  expectTypeOf((await new Totals().run()).structuredOutput).toEqualTypeOf<
    { total: number } | undefined
  >();
}

class WrongOutput extends AliceTask<Record<string, unknown>, { total: number }> {
  constructor() {
    super({ taskName: "wrong", nodeEndCodeRouting: { sum: { 0: [null, false] } } });
  }
  execute_sum(): NodeResult {
    return { exitCode: 0 };
  }
  // @ts-expect-error structuredOutput() must give the declared output type
  override structuredOutput(): string {
    return "3";
  }
}
void WrongOutput;
