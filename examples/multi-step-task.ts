// A custom multi-node task without a model: the seed's MultiStepTask, ported. Nodes are
// methods, exit codes are an enum-like object, and the routing table says where each code goes.
// Run it: node --conditions=alice-source examples/multi-step-task.ts
import { AliceTask, type NodeContext, type NodeResult } from "alice-agents";

const Stage = { SUCCESS: 0, FAILURE: 1, NEEDS_REVIEW: 2 } as const;

interface Invoice {
  id: string;
  amount: number;
  currency: string;
}

class InvoiceBatch extends AliceTask {
  constructor() {
    super({
      taskName: "invoice_batch",
      taskDescription: "Validates a batch of invoices, has large ones reviewed, and totals them.",
      startNode: "prepare",
      nodeEndCodeRouting: {
        prepare: { [Stage.SUCCESS]: ["process", false], [Stage.FAILURE]: ["prepare", true] },
        process: {
          [Stage.SUCCESS]: ["finalize", false],
          [Stage.FAILURE]: ["process", true],
          [Stage.NEEDS_REVIEW]: ["review", false],
        },
        review: { [Stage.SUCCESS]: ["finalize", false], [Stage.FAILURE]: ["process", false] },
        finalize: { [Stage.SUCCESS]: [null, false], [Stage.FAILURE]: ["finalize", true] },
      },
      inputVariables: {
        type: "object",
        properties: {
          data: { type: "array", description: "Invoices to process", items: { type: "object" } },
          options: {
            type: "object",
            description: "Processing options",
            default: { reviewAbove: 1000 },
          },
        },
        required: ["data"],
      },
      exitCodes: { 0: "Batch processed", 1: "Batch failed", 2: "Needs review" },
    });
  }

  execute_prepare(ctx: NodeContext): NodeResult {
    const invoices = ctx.inputs.data as Invoice[];
    const valid = invoices.filter((i) => i.amount > 0 && i.currency === "EUR");
    return {
      exitCode: Stage.SUCCESS,
      output: valid,
      references: { data: { dropped: invoices.length - valid.length } },
    };
  }

  execute_process(ctx: NodeContext): NodeResult {
    const invoices = ctx.inputs.prepare as Invoice[];
    const { reviewAbove } = ctx.inputs.options as { reviewAbove: number };
    const large = invoices.filter((i) => i.amount > reviewAbove);
    if (large.length > 0 && ctx.nodeResponses.review === undefined) {
      return { exitCode: Stage.NEEDS_REVIEW, output: large.map((i) => i.id) };
    }
    return { exitCode: Stage.SUCCESS, output: invoices.reduce((sum, i) => sum + i.amount, 0) };
  }

  execute_review(ctx: NodeContext): NodeResult {
    // A real review might call a model or a person; here every flagged invoice passes.
    return {
      exitCode: Stage.FAILURE,
      output: `reviewed: ${(ctx.inputs.process as string[]).join(", ")}`,
    };
  }

  execute_finalize(ctx: NodeContext): NodeResult {
    return {
      exitCode: Stage.SUCCESS,
      output: `Total: ${(ctx.inputs.process as number).toFixed(2)} EUR`,
    };
  }
}

const response = await new InvoiceBatch().run({
  data: [
    { id: "INV-1", amount: 120, currency: "EUR" },
    { id: "INV-2", amount: 4800, currency: "EUR" },
    { id: "INV-3", amount: -5, currency: "EUR" },
    { id: "INV-4", amount: 60, currency: "USD" },
  ],
});
for (const node of response.nodeReferences)
  console.log(`${node.executionOrder}. ${node.nodeName} → exit ${node.exitCode}`);
console.log(`${response.status} (${response.resultDiagnostic}): ${response.taskOutputs}`);
console.log(new InvoiceBatch().toMermaid());
