/** The `yaml` package's module. */
export type YamlModule = typeof import("yaml");

let loaded: YamlModule | undefined;

/**
 * The `yaml` package, imported on first use: only `.prompt` files and task files need it, and
 * importing it with the library cost every program about 33 ms of start-up (cold-start bench).
 */
export async function loadYaml(): Promise<YamlModule> {
  loaded ??= await import("yaml");
  return loaded;
}
