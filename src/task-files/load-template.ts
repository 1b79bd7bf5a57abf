import { resolve } from "node:path";
import { loadPrompt } from "../prompts/load-prompt.ts";
import { Prompt } from "../prompts/prompt.ts";
import type { PromptWarningHandler } from "../prompts/prompt-warning.ts";
import type { FunctionParameters } from "../schema/function-parameters.ts";
import type { BuildContext } from "./build-context.ts";
import type { TemplateFile } from "./task-file-schema.ts";

/**
 * A template of a task file as a Prompt: a `.prompt` file path (relative to the task file),
 * inline Handlebars text, or a Prompt object as Project Alice writes it (`{ content,
 * parameters? }`). Warnings go to `options.onWarning`; those of inline templates name the task
 * file.
 */
export async function loadTemplate(
  template: TemplateFile,
  name: string,
  ctx: BuildContext,
): Promise<Prompt> {
  const onWarning = ctx.options.onWarning;
  if (typeof template === "string" && isPromptPath(template))
    return loadPrompt(resolve(ctx.dir, template.trim()), { onWarning });
  const inline: PromptWarningHandler | undefined =
    onWarning === undefined
      ? undefined
      : (warning) => onWarning({ ...warning, filePath: warning.filePath ?? ctx.shown });
  if (typeof template === "string")
    return new Prompt({ name, content: template, onWarning: inline });
  return new Prompt({
    name: template.name ?? name,
    content: template.content,
    parameters: template.parameters as FunctionParameters | undefined,
    partialVariables: template.partialVariables,
    onWarning: inline,
  });
}

function isPromptPath(template: string): boolean {
  return template.trim().endsWith(".prompt") && !template.includes("\n");
}
