import { didYouMean } from "../errors/closest-name.ts";
import type { Prompt } from "../prompts/prompt.ts";

/** What `checkTemplateNames` compares. */
export interface TemplateNamesInput {
  /** Templates by where they are declared (`templates.output_template`, `agent.systemMessage`). */
  templates: ReadonlyArray<readonly [where: string, prompt: Prompt]>;
  /** The declared inputs, or undefined when the task declares none (then nothing is checked). */
  inputs: readonly string[] | undefined;
  /** Node names and sub-task keys: their outputs are variables too. */
  outputs: readonly string[];
}

/** Variables every run has besides its inputs and node outputs. */
export const RUN_VARIABLES: readonly string[] = ["userResponse"];

/**
 * Checks the variables used by templates written inline (a string or a Prompt without its own
 * parameters) against what a run can give them: the declared inputs, the outputs of nodes and
 * sub-tasks, and `userResponse`. A name that is none of these is most likely a typo that would
 * render as nothing and cost a model call, so it is a problem with a "Did you mean" hint.
 * Prompts with parameters (`.prompt` files) were checked against those when they were loaded.
 */
export function checkTemplateNames(input: TemplateNamesInput): string[] {
  if (input.inputs === undefined) return [];
  const known = new Set([...input.inputs, ...input.outputs, ...RUN_VARIABLES]);
  const problems: string[] = [];
  for (const [where, prompt] of input.templates) {
    if (prompt.parameters !== undefined) continue;
    for (const name of prompt.inputVariables) {
      if (known.has(name)) continue;
      problems.push(
        `${where} uses {{${name}}}, which is not a declared input, a node or a sub-task.${didYouMean(name, known)} Declared inputs: ${input.inputs.join(", ") || "none"}; add "${name}" to inputVariables if it is one.`,
      );
    }
  }
  return problems;
}
