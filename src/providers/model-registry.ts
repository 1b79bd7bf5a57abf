import { AliceError } from "../errors/alice-error.ts";
import { OptionsError } from "../errors/errors.ts";
import type { LanguageModel } from "./language-model.ts";

/**
 * Makes one provider's model from the id after the prefix: `(id) => openai(id)`, or for an
 * OpenAI-compatible server `(id) => createOpenAI({ name: "ollama", baseURL })(id)`.
 */
export type ModelFactory = (
  modelId: string,
  options: { signal?: AbortSignal },
) => LanguageModel | Promise<LanguageModel>;

/** Options of `ModelRegistry.resolve`. */
export interface ResolveModelOptions {
  signal?: AbortSignal;
}

const PREFIX = /^[a-z][\w-]*$/i;
const SPEC = /^([a-z][\w-]*)[:/](.+)$/i;

/**
 * Splits `"openai/gpt-4o-mini"` (Genkit's form, as in `.prompt` files) or `"openai:gpt-4o-mini"`
 * into provider and model id, at the first `/` or `:` (so `"openrouter/meta-llama/llama-3"` is
 * model `meta-llama/llama-3`); undefined when `spec` has no provider.
 */
export function parseModelSpec(spec: string): { provider: string; model: string } | undefined {
  const match = SPEC.exec(spec.trim());
  return match === null ? undefined : { provider: match[1]!.toLowerCase(), model: match[2]! };
}

/**
 * Model names → models: each provider prefix (`openai`, `anthropic`, `ollama`) has a factory that
 * makes a model from the rest of the name. `models` is the default one; a new registry starts
 * empty.
 */
export class ModelRegistry {
  readonly #factories = new Map<string, ModelFactory>();

  /**
   * Makes `prefix/…` (and `prefix:…`) models with `factory`, replacing the prefix's factory if it
   * had one. Prefixes are case-insensitive. Throws `OptionsError` for an invalid prefix or factory.
   */
  register(prefix: string, factory: ModelFactory): this {
    const problems: string[] = [];
    if (typeof prefix !== "string" || !PREFIX.test(prefix))
      problems.push(
        `prefix must be a letter then letters, digits, "_" or "-" (e.g. "ollama"); got ${JSON.stringify(prefix)}.`,
      );
    if (typeof factory !== "function")
      problems.push("factory must be a function (modelId) => LanguageModel.");
    if (problems.length > 0) throw new OptionsError("ModelRegistry.register()", problems);
    this.#factories.set(prefix.toLowerCase(), factory);
    return this;
  }

  /** Whether a factory is registered for `prefix` (case-insensitive). */
  has(prefix: string): boolean {
    return this.#factories.has(prefix.toLowerCase());
  }

  /** The registered prefixes, in the order they were first registered. */
  get prefixes(): readonly string[] {
    return [...this.#factories.keys()];
  }

  /**
   * The model `spec` names, made by its prefix's factory. Throws an `AliceError` (OPTIONS_INVALID)
   * when `spec` is not `provider/model`, when no factory is registered for its provider (saying
   * how to register one), or when the factory fails or returns no model; rejects with the
   * signal's reason when `signal` aborts first.
   */
  async resolve(spec: string, options: ResolveModelOptions = {}): Promise<LanguageModel> {
    const { signal } = options;
    signal?.throwIfAborted();
    const problem = modelSpecProblem(this, spec);
    if (problem !== undefined) throw new AliceError("OPTIONS_INVALID", problem);
    const { provider, model: modelId } = parseModelSpec(spec)!;
    const factory = this.#factories.get(provider)!;
    let model: unknown;
    try {
      model = await factory(modelId, signal === undefined ? {} : { signal });
    } catch (error) {
      signal?.throwIfAborted();
      const reason = error instanceof Error ? error.message : String(error);
      throw new AliceError(
        "OPTIONS_INVALID",
        `The provider registered for "${provider}" could not make "${spec}": ${reason}`,
        { cause: error },
      );
    }
    signal?.throwIfAborted();
    if (!isLanguageModel(model))
      throw new AliceError(
        "OPTIONS_INVALID",
        `The provider registered for "${provider}" returned no LanguageModel for "${spec}": its factory should return one, e.g. createOpenAI({ … })(id).`,
      );
    return model;
  }
}

/**
 * What is wrong with `spec` for `registry` (not a `provider/model` name, or no factory for its
 * provider), as a message saying what to do; undefined when the registry can resolve it.
 */
export function modelSpecProblem(
  registry: Pick<ModelRegistry, "has" | "prefixes">,
  spec: string,
): string | undefined {
  const parsed = typeof spec === "string" ? parseModelSpec(spec) : undefined;
  if (parsed === undefined)
    return `${JSON.stringify(spec)} is not a model: write "provider/model" (or "provider:model"), e.g. "openai/gpt-4o-mini".`;
  if (registry.has(parsed.provider)) return undefined;
  const registered = registry.prefixes.length === 0 ? "none" : registry.prefixes.join(", ");
  return `No provider registered for "${spec}": register one with models.register("${parsed.provider}", (id) => …), e.g. (id) => createOpenAI({ name: "${parsed.provider}", baseURL })(id) for an OpenAI-compatible server. Registered: ${registered}.`;
}

function isLanguageModel(value: unknown): value is LanguageModel {
  const model = value as Partial<LanguageModel> | null | undefined;
  return typeof model?.generate === "function" && typeof model.stream === "function";
}

/**
 * The default registry: `openai/…` and `anthropic/…` built in, each loaded by its subpath module
 * only when a model of it is resolved (so resolving one never loads the other's SDK); API keys
 * and base URLs come from the environment at request time. Add your own with
 * `models.register("ollama", (id) => createOpenAI({ name: "ollama", baseURL })(id))`.
 */
export const models: ModelRegistry = new ModelRegistry()
  .register("openai", async (id) => (await import("./openai/index.ts")).openai(id))
  .register("anthropic", async (id) => (await import("./anthropic/index.ts")).anthropic(id));
