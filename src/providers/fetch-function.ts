/** A `fetch` implementation, for proxies, custom agents or tests. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** Calls whatever `globalThis.fetch` is at request time (so a mock installed later is used). */
export const lateBoundFetch: FetchFunction = (input, init) => globalThis.fetch(input, init);

/** Reads an environment variable when there is an environment (Node, Bun, Deno with `process`). */
export function readEnv(name: string): string | undefined {
  const value = globalThis.process?.env?.[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}
