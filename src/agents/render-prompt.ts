import { AliceError } from "../errors/alice-error.ts";
import type { Message } from "../messages/message.ts";
import type { Prompt } from "../prompts/prompt.ts";
import { toModelMessages } from "../prompts/to-model-messages.ts";
import { FatalNodeError } from "./fatal-node-error.ts";

/**
 * The messages that open a run's conversation: the system message (left out when it renders
 * empty) and the task template's messages as a model takes them (sections dropped, `{{media}}`
 * images as image parts), rendered over the run's variables. A template that cannot be rendered
 * or sent ends the run (`FatalNodeError` with the template's code).
 */
export function renderPrompt(
  systemMessage: Prompt | undefined,
  taskTemplate: Prompt,
  vars: Readonly<Record<string, unknown>>,
): Message[] {
  try {
    const system = systemMessage === undefined ? "" : render(systemMessage, vars);
    const task = toModelMessages(taskTemplate.messages(vars), { promptName: taskTemplate.name });
    return system.trim() === "" ? task : [{ role: "system", content: system }, ...task];
  } catch (error) {
    if (AliceError.isInstance(error)) throw new FatalNodeError(error);
    throw error;
  }
}

/** A prompt with declared parameters validates the variables; one without renders them as given. */
function render(prompt: Prompt, vars: Readonly<Record<string, unknown>>): string {
  return prompt.parameters === undefined ? prompt.renderUnchecked(vars) : prompt.render(vars);
}
