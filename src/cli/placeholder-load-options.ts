import type { LanguageModel } from "../providers/language-model.ts";
import type { LoadTaskOptions } from "../task-files/load-task.ts";
import { parseModelSpec, resolveModel } from "../task-files/resolve-model.ts";
import { defineTool, type Tool } from "../tools/define-tool.ts";

/** Load options that build a task without its tools or models, and the tool names files asked for. */
export interface PlaceholderLoadOptions {
  options: LoadTaskOptions;
  /** The tool names the files named, in order of first use. */
  toolNames: string[];
}

/**
 * Options for `loadTask` when a task is only drawn or checked: every tool name the files use
 * gets a placeholder tool (unless real `tools` are given), and every `openai:`/`anthropic:`
 * model a placeholder model, so nothing imports a provider SDK or calls anything. Unknown
 * providers and malformed model specs are still reported, by the real resolver.
 */
export function placeholderLoadOptions(tools?: readonly Tool<unknown>[]): PlaceholderLoadOptions {
  const toolNames: string[] = [];
  const made = new Map<string, Tool<unknown>>();
  const placeholder = (name: string): Tool<unknown> => {
    let tool = made.get(name);
    if (tool === undefined) {
      toolNames.push(name);
      tool = defineTool({
        name: /^[a-zA-Z0-9_-]{1,64}$/.test(name) ? name : "placeholder",
        description: "(placeholder: alice graph and validate do not load tools)",
        input: { type: "object", properties: {} },
        execute: () => {
          throw new Error(`tool "${name}" is a placeholder`);
        },
      });
      made.set(name, tool);
    }
    return tool;
  };
  // loadTask looks tools up by own key; this record has every key, so any name resolves.
  const anyName: Readonly<Record<string, Tool<unknown>>> = new Proxy(
    {},
    {
      getOwnPropertyDescriptor: (_target, key) =>
        typeof key === "string"
          ? { value: placeholder(key), configurable: true, enumerable: true, writable: false }
          : undefined,
      get: (_target, key) => (typeof key === "string" ? placeholder(key) : undefined),
    },
  );
  return {
    options: {
      tools: tools ?? anyName,
      resolveModel: async (spec) => {
        const parsed = parseModelSpec(spec);
        if (parsed?.provider === "openai" || parsed?.provider === "anthropic")
          return placeholderModel(parsed.provider, parsed.model);
        return resolveModel(spec); // throws the loader's own message for a bad spec
      },
    },
    toolNames,
  };
}

function placeholderModel(provider: string, modelId: string): LanguageModel {
  const refuse = (): never => {
    throw new Error(
      `${provider}:${modelId} is a placeholder; alice graph and validate run nothing`,
    );
  };
  return {
    provider,
    modelId,
    settings: {},
    generate: async () => refuse(),
    // biome-ignore lint/correctness/useYield: a placeholder never yields; it refuses at once.
    stream: async function* () {
      refuse();
    },
  };
}
