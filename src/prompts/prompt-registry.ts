import type { Prompt } from "./prompt.ts";
import type { PromptWarning } from "./prompt-warning.ts";

/** Prompts by id and variant, as `loadPromptDir()` returns them. */
export class PromptRegistry {
  readonly #byKey = new Map<string, Prompt>();
  /** Warnings of every prompt, and of the folder itself (skipped files). */
  readonly warnings: readonly PromptWarning[];

  constructor(prompts: Iterable<Prompt>, folderWarnings: readonly PromptWarning[] = []) {
    const warnings = [...folderWarnings];
    for (const prompt of prompts) {
      this.#byKey.set(key(prompt.id ?? prompt.name, prompt.variant), prompt);
      warnings.push(...prompt.warnings);
    }
    this.warnings = warnings;
  }

  /** The prompt with this id (`a/b` for `a/b.prompt`), or its variant (`a/b.formal.prompt`). */
  get(id: string, variant?: string): Prompt | undefined {
    return this.#byKey.get(key(id, variant));
  }

  /** True when `get(id, variant)` finds a prompt. */
  has(id: string, variant?: string): boolean {
    return this.#byKey.has(key(id, variant));
  }

  /** The distinct prompt ids, sorted. */
  ids(): string[] {
    return [...new Set([...this.#byKey.values()].map((p) => p.id ?? p.name))].sort();
  }

  /** The variants of one id (not counting the default), sorted. */
  variants(id: string): string[] {
    return [...this.#byKey.values()]
      .filter((p) => (p.id ?? p.name) === id && p.variant !== undefined)
      .map((p) => p.variant ?? "")
      .sort();
  }

  /** How many prompts (variants included) the registry holds. */
  get size(): number {
    return this.#byKey.size;
  }

  /** Every prompt, variants included. */
  [Symbol.iterator](): IterableIterator<Prompt> {
    return this.#byKey.values();
  }
}

function key(id: string, variant: string | undefined): string {
  return variant === undefined ? id : `${id}\0${variant}`;
}
