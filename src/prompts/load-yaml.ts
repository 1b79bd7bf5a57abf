/** The `yaml` package's module. */
export type YamlModule = typeof import("yaml");

let loaded: YamlModule | undefined;

/**
 * The `yaml` package, imported on first use: only `.prompt` files and task files need it, and
 * importing it up front would slow every program's start (see docs/benchmarks.md).
 */
export async function loadYaml(): Promise<YamlModule> {
  loaded ??= await import("yaml");
  return loaded;
}
