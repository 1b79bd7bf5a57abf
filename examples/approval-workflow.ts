// A workflow with a human approval: an agent drafts a release note, a checkpoint asks a person
// before it is published, and the paused run is saved as JSON and resumed from it.
// Run it: node --conditions=alice-source examples/approval-workflow.ts [approve|reject|revise]
// On a terminal it asks you; otherwise it takes the answer from the command line (default: approve).
import { createInterface } from "node:readline/promises";
import {
  AliceAgent,
  AliceTask,
  type NodeContext,
  type NodeResult,
  PromptAgentTask,
  type TaskResponse,
  Workflow,
} from "alice-agents";
import { exampleModel } from "./support/example-model.ts";

const { model, close } = await exampleModel([
  { text: "Release 2.4: exports now run 3× faster, and CSV files keep their column order." },
  {
    text: "Release 2.4: exports run 3× faster; CSV files keep their column order. Thanks to everyone who reported it!",
  },
]);

/** Publishing is plain code: a task with one node. */
class Publish extends AliceTask {
  constructor() {
    super({ taskName: "Publish", nodeEndCodeRouting: { post: { 0: [null, false] } } });
  }
  execute_post(ctx: NodeContext): NodeResult {
    return { exitCode: 0, output: `Published to #announcements:\n${ctx.inputs.Draft}` };
  }
}

const workflow = new Workflow({
  taskName: "release_note",
  inputVariables: {
    type: "object",
    properties: { changes: { type: "string" } },
    required: ["changes"],
  },
  tasks: {
    Draft: new PromptAgentTask({
      taskName: "Draft",
      agent: new AliceAgent({
        name: "writer",
        systemMessage: "You write short, friendly release notes.",
        model,
      }),
      templates: {
        task_template:
          "Write a one-line release note for these changes: {{changes}}{{#if userResponse.feedback}}\nReviewer's notes: {{userResponse.feedback}}{{/if}}",
      },
    }),
    Publish: new Publish(),
  },
  nodeEndCodeRouting: {
    Draft: { 0: ["Publish", false], 1: [null, false] },
    Publish: { 0: [null, false] },
  },
  userCheckpoints: {
    Publish: {
      userPrompt: "Publish this release note?",
      options: { 0: "approve", 1: "reject", 2: "revise" },
      taskNextObj: { 0: "Publish", 1: null, 2: "Draft" },
      requestFeedback: true,
    },
  },
  templates: { output_template: "{{Publish}}" },
});

// Without a terminal: "revise" asks for a revision, then approves the new draft.
const answers =
  process.argv[2] === "revise" ? ["revise", "approve"] : [process.argv[2] ?? "approve"];

async function ask(response: TaskResponse): Promise<{ selectedOption: number; feedback?: string }> {
  const { interaction } = response.pending!;
  const draft = response.nodeReferences.findLast((n) => n.nodeName === "Draft")?.output;
  console.log(
    `\nDraft: ${draft}\n${interaction.userPrompt} ${Object.entries(interaction.options)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}`,
  );
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const selectedOption = Number(await rl.question("your choice: "));
    const feedback = await rl.question("notes (optional): ");
    rl.close();
    return feedback === "" ? { selectedOption } : { selectedOption, feedback };
  }
  const scripted = answers.shift() ?? "approve";
  const selectedOption = Number(
    Object.entries(interaction.options).find(([, label]) => label === scripted)?.[0] ?? 0,
  );
  console.log(
    `answer: ${scripted}${scripted === "revise" ? ' (notes: "thank the people who reported it")' : ""}`,
  );
  return scripted === "revise"
    ? { selectedOption, feedback: "thank the people who reported it" }
    : { selectedOption };
}

let response = await workflow.run({ changes: "export speed-up; CSV column order fix" });
while (response.status === "pending") {
  const saved = JSON.stringify(response); // store it anywhere: a database, a file, a queue
  const answer = await ask(response);
  response = await workflow.resume(JSON.parse(saved), answer);
}
console.log(`\nstatus: ${response.status}`);
console.log(response.status === "complete" ? response.taskOutputs : response.resultDiagnostic);
close();
