import type { Prompt } from "./prompt.ts";
import type { PromptError } from "./prompt-error.ts";
import type { PromptWarning } from "./prompt-warning.ts";

/** A file of a prompts folder that did not load, as `loadPromptDir()` records it. */
export interface PromptLoadFailure {
  /** What went wrong, with the file, line and column of the problem (a partial's, when it is there). */
  error: PromptError;
  /** The id of the prompt the file defines (`a/b` for `a/b.prompt`); absent for a partial file. */
  id?: string;
  /** The variant the file name gives (`formal` for `a/b.formal.prompt`). */
  variant?: string;
}

/**
 * Prompts by id and variant, as `loadPromptDir()` returns them, and the errors of the files that
 * did not load: `get()` of such a prompt throws its file's error.
 */
export class PromptRegistry {
  readonly #byKey = new Map<string, Prompt>();
  readonly #failed = new Map<string, PromptError>();
  /** Warnings of every prompt, and of the folder itself (skipped files). */
  readonly warnings: readonly PromptWarning[];
  /**
   * One error per problem that kept a file from loading, in file order, each with its file, line
   * and column; empty when every file loaded. (A partial that cannot be read is listed once, though
   * every prompt that includes it fails with it.)
   */
  readonly errors: readonly PromptError[];

  constructor(
    prompts: Iterable<Prompt>,
    folderWarnings: readonly PromptWarning[] = [],
    failures: Iterable<PromptLoadFailure> = [],
  ) {
    const warnings = [...folderWarnings];
    for (const prompt of prompts) {
      this.#byKey.set(key(prompt.id ?? prompt.name, prompt.variant), prompt);
      warnings.push(...prompt.warnings);
    }
    this.warnings = warnings;
    const errors = new Set<PromptError>();
    for (const { error, id, variant } of failures) {
      errors.add(error);
      if (id !== undefined && !this.#byKey.has(key(id, variant))) {
        this.#failed.set(key(id, variant), error);
      }
    }
    this.errors = [...errors];
  }

  /**
   * The prompt with this id (`a/b` for `a/b.prompt`), or its variant (`a/b.formal.prompt`);
   * undefined when the folder has no such file. Throws the file's `PromptError` when it is there
   * but did not load, so a broken prompt is never mistaken for a missing one.
   */
  get(id: string, variant?: string): Prompt | undefined {
    const failed = this.#failed.get(key(id, variant));
    if (failed !== undefined) throw failed;
    return this.#byKey.get(key(id, variant));
  }

  /** True when `get(id, variant)` finds a loaded prompt (false for one whose file did not load). */
  has(id: string, variant?: string): boolean {
    return this.#byKey.has(key(id, variant));
  }

  /** The distinct ids of the prompts that loaded, sorted. */
  ids(): string[] {
    return [...new Set([...this.#byKey.values()].map((p) => p.id ?? p.name))].sort();
  }

  /** The variants of one id that loaded (not counting the default), sorted. */
  variants(id: string): string[] {
    return [...this.#byKey.values()]
      .filter((p) => (p.id ?? p.name) === id && p.variant !== undefined)
      .map((p) => p.variant ?? "")
      .sort();
  }

  /** How many prompts (variants included) loaded. */
  get size(): number {
    return this.#byKey.size;
  }

  /** Every prompt that loaded, variants included. */
  [Symbol.iterator](): IterableIterator<Prompt> {
    return this.#byKey.values();
  }
}

function key(id: string, variant: string | undefined): string {
  return variant === undefined ? id : `${id}\0${variant}`;
}
