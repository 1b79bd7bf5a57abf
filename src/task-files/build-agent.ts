import { AliceAgent } from "../agents/alice-agent.ts";
import type { Prompt } from "../prompts/prompt.ts";
import type { LanguageModel, ModelSettings } from "../providers/language-model.ts";
import type { BuildContext } from "./build-context.ts";
import { loadTemplate } from "./load-template.ts";
import { problemMessages } from "./problem-messages.ts";
import { resolveModel } from "./resolve-model.ts";
import type { AgentFile } from "./task-file-schema.ts";

/**
 * Builds a task file's agent: its system message, and its model from `model`, Project Alice's
 * `models` block, or the `.prompt` file of the task template (else of the system message), unless
 * `options.model` replaces them all. Names resolve through `options.resolveModel`, by default the
 * default model registry (`models`, which providers registered with `models.register` join).
 * Problems go to `at` (with paths inside the agent block, e.g. ".model"); the agent is
 * undefined when it could not be built.
 */
export async function buildAgent(
  def: AgentFile,
  taskTemplate: { model: string | undefined; loaded: boolean },
  ctx: BuildContext,
  at: (path: string, message: string) => void,
): Promise<AliceAgent | undefined> {
  let systemMessage: Prompt | undefined;
  if (def.systemMessage !== undefined) {
    systemMessage = await loadTemplate(def.systemMessage, `${def.name}.system`, ctx).catch(
      (error: unknown) => {
        for (const m of problemMessages(error)) at(".systemMessage", m);
        return undefined;
      },
    );
  }
  const seedModel = def.models?.chat ?? def.models?.instruct;
  const spec =
    typeof def.model === "object"
      ? `${def.model.provider}:${def.model.model}`
      : (def.model ??
        (seedModel?.model_name === undefined
          ? undefined
          : `${seedModel.api_name ?? "openai"}:${seedModel.model_name}`) ??
        taskTemplate.model ??
        systemMessage?.model);
  let model: LanguageModel | undefined = ctx.options.model;
  // A template or system message that did not load may have named the model: it is unknown,
  // not missing.
  const unloaded =
    !taskTemplate.loaded || (def.systemMessage !== undefined && systemMessage === undefined);
  if (model === undefined && spec === undefined && unloaded) return undefined;
  if (model === undefined && spec === undefined) {
    at(
      ".model",
      'required: a model as "provider:model", e.g. "openai:gpt-4o-mini" (or a model in the task_template or systemMessage .prompt file).',
    );
  } else if (model === undefined && spec !== undefined) {
    try {
      model = await (ctx.options.resolveModel ?? resolveModel)(spec);
    } catch (error) {
      for (const m of problemMessages(error)) at(".model", m);
    }
  }
  if (model === undefined) return undefined;
  try {
    return new AliceAgent({
      name: def.name,
      model,
      systemMessage,
      // Project Alice's has_tools may be a number: more than 0 allows tools.
      hasTools: typeof def.hasTools === "number" ? def.hasTools > 0 : def.hasTools,
      maxToolRounds: def.maxToolRounds,
      modelSettings: def.modelSettings as ModelSettings | undefined,
      stream: def.stream,
    });
  } catch (error) {
    for (const m of problemMessages(error)) at("", m);
    return undefined;
  }
}
