// Type-level expectations, checked by `npm run typecheck` (tsc): a typed task's run() refuses a
// misspelt or mistyped input at compile time, with no generics written by hand.
import {
  AliceAgent,
  AliceTask,
  CheckTask,
  type NodeContext,
  type NodeResult,
  PromptAgentTask,
  Workflow,
} from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import { z } from "zod";

const model = createOpenAI({ apiKey: "sk-test-types" })("gpt-4o-mini");
const agent = new AliceAgent({ name: "a", model });
const question = z.object({ question: z.string(), limit: z.number().int().default(3) });

export async function promptAgentTaskInfersItsInputs(): Promise<void> {
  const task = new PromptAgentTask({
    taskName: "qa",
    agent,
    templates: { task_template: "{{question}}" },
    inputVariables: question,
  });
  await task.run({ question: "2+2?" }); // limit has a default: optional
  await task.run({ question: "2+2?", limit: 5 });
  // @ts-expect-error a misspelt input
  await task.run({ questoin: "2+2?" });
  // @ts-expect-error a wrong type
  await task.run({ question: 4 });
}

export async function untypedTasksTakeAnything(): Promise<void> {
  const fromJsonSchema = new PromptAgentTask({
    taskName: "qa",
    agent,
    templates: { task_template: "{{question}}" },
    inputVariables: { type: "object", properties: { question: { type: "string" } } },
  });
  await fromJsonSchema.run({ question: "x", extra: 1 });
  const none = new PromptAgentTask({ taskName: "qa", agent, templates: { task_template: "?" } });
  await none.run({ anything: true });
}

export async function checkTasksAndWorkflowsToo(): Promise<void> {
  const check = new CheckTask({
    taskName: "c",
    agent,
    templates: { task_template: "{{question}}" },
    inputVariables: question,
  });
  // @ts-expect-error a misspelt input
  await check.run({ qeustion: "x" });
  const workflow = new Workflow({
    taskName: "w",
    tasks: { Check: check },
    nodeEndCodeRouting: { Check: { 0: [null, false] } },
    inputVariables: z.object({ topic: z.string() }),
  });
  await workflow.run({ topic: "bees" });
  // @ts-expect-error a misspelt input
  await workflow.run({ topik: "bees" });
}

const summariseInputs = z.object({ text: z.string(), maxWords: z.number().int().default(12) });

class Summarise extends AliceTask<typeof summariseInputs> {
  constructor() {
    super({
      taskName: "summarise",
      inputVariables: summariseInputs,
      nodeEndCodeRouting: { shorten: { 0: [null, false] } },
    });
  }
  execute_shorten(ctx: NodeContext<typeof summariseInputs>): NodeResult {
    const words: string[] = ctx.inputs.text.split(" "); // typed: string
    const max: number = ctx.inputs.maxWords; // the schema's output: the default applied
    return { exitCode: 0, output: words.slice(0, max).join(" ") };
  }
}

export async function aSubclassIsTypedByItsSchema(): Promise<void> {
  await new Summarise().run({ text: "a b c" });
  // @ts-expect-error a misspelt input
  await new Summarise().run({ txet: "a b c" });
}
