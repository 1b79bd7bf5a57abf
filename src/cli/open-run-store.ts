import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { RunStore } from "../stores/run-store.ts";
import { openSqliteRunStore } from "../stores/sqlite-run-store.ts";
import { CliError } from "./cli-error.ts";
import { type CliIO, readEnv } from "./cli-io.ts";
import { pathToType } from "./path-to-type.ts";
import { type StoreChoice, shellWord } from "./store-flag.ts";

/** The `alice-agents/postgres` entry, loaded only for a `postgres://` store (it needs `pg`). */
type PostgresEntry = typeof import("../stores/postgres/index.ts");

/** A run store opened for a command, with how to name it to the user. */
export interface OpenedStore {
  store: RunStore;
  /** For messages: the file as the user would type it, or the URL without its password. */
  where: string;
  /**
   * What a command line shown to the user repeats: `--store …` when the store came from the
   * flag, "" when `$ALICE_STORE` or the default names it again.
   */
  flag: string;
}

/** Options of `openRunStore`. */
export interface OpenStoreOptions {
  /** Create a SQLite file that does not exist (`alice run`); otherwise it is an error. */
  create: boolean;
  /** The command, for messages (`run`, `resume`, `runs`). */
  command: string;
  /** Loads the PostgreSQL entry. @default import("alice-agents/postgres") */
  importPostgres?: () => Promise<PostgresEntry>;
}

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Opens the store a command names: a `postgres://` (or `postgresql://`) URL through
 * `createPostgresRunStore` (the `pg` package must be installed; `$ALICE_STORE_SCHEMA` names the
 * schema), anything else as a SQLite file. A connection string's password is never printed.
 */
export async function openRunStore(
  choice: StoreChoice,
  io: CliIO,
  options: OpenStoreOptions,
): Promise<OpenedStore> {
  const scheme = URL_SCHEME.exec(choice.spec)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") return openPostgres(choice, io, options);
  const invalid = (message: string) =>
    new CliError("CLI_STORE_INVALID", message, { command: options.command });
  if (scheme !== undefined)
    throw invalid(
      `${sourceOf(choice)}: ${redactStoreUrl(choice.spec)} is not a run store alice opens; give a SQLite file path or a postgres:// URL`,
    );
  if (choice.spec === ":memory:") {
    const store = await openSqliteRunStore({ path: ":memory:" });
    return { store, where: ":memory:", flag: flagFor(choice, ":memory:") };
  }
  const path = resolve(io.cwd, choice.spec);
  const shown = pathToType(choice.spec, io);
  if (!options.create && !existsSync(path)) {
    const named =
      choice.from === "default"
        ? "the default; --store <path|postgres://…> or ALICE_STORE names another"
        : sourceOf(choice);
    throw invalid(
      `no run store at ${shown} (${named}): \`alice run <task-file> --store ${shown}\` stores runs there`,
    );
  }
  const store = await openSqliteRunStore({ path, ...(io.signal ? { signal: io.signal } : {}) });
  return { store, where: shown, flag: flagFor(choice, shown) };
}

async function openPostgres(
  choice: StoreChoice,
  io: CliIO,
  options: OpenStoreOptions,
): Promise<OpenedStore> {
  const url = redactStoreUrl(choice.spec);
  const schema = readEnv(io, "ALICE_STORE_SCHEMA");
  const where = schema === undefined ? url : `${url} (schema ${schema})`;
  const invalid = (message: string) =>
    new CliError("CLI_STORE_INVALID", hideSecrets(message, choice.spec), {
      command: options.command,
    });
  let entry: PostgresEntry;
  try {
    entry = await (options.importPostgres ?? importPostgres)();
  } catch (error) {
    if (!isMissingPg(error)) throw error;
    throw invalid(
      `${sourceOf(choice)} names a PostgreSQL store (${where}), which needs the pg package: npm install pg`,
    );
  }
  let store: RunStore;
  try {
    store = entry.createPostgresRunStore({
      connectionString: choice.spec,
      ...(schema === undefined ? {} : { schema }),
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw invalid(`${sourceOf(choice)} (${where}): ${why}`);
  }
  return { store, where, flag: flagFor(choice, shellWord(url)) };
}

function importPostgres(): Promise<PostgresEntry> {
  return import("../stores/postgres/index.ts");
}

/** `import("pg")` failed because the package is not installed. */
function isMissingPg(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code === "ERR_MODULE_NOT_FOUND" && /['"]pg['"]/.test(message);
}

/**
 * A store URL safe to print: its password (and any query parameter named like a password, key,
 * secret or token) replaced by `****`.
 */
export function redactStoreUrl(spec: string): string {
  const scheme = URL_SCHEME.exec(spec)?.[1] ?? "";
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    return scheme === "" ? "(a malformed URL)" : `${scheme}://…`;
  }
  if (url.password !== "") url.password = "****";
  for (const key of new Set(url.searchParams.keys()))
    if (/pass|secret|token|key/i.test(key)) url.searchParams.set(key, "****");
  return url.href;
}

/** Text with every secret of the store URL (raw and decoded) replaced by `****`. */
function hideSecrets(text: string, spec: string): string {
  const secrets = new Set<string>();
  try {
    const url = new URL(spec);
    if (url.password !== "") {
      secrets.add(url.password);
      secrets.add(decodeURIComponent(url.password));
    }
    for (const [key, value] of url.searchParams)
      if (/pass|secret|token|key/i.test(key) && value !== "") secrets.add(value);
  } catch {
    // Unparsed: said as `postgres://…` everywhere above; nothing else to hide.
  }
  let out = text.replaceAll(spec, redactStoreUrl(spec));
  for (const secret of secrets) out = out.replaceAll(secret, "****");
  return out;
}

function sourceOf(choice: StoreChoice): string {
  return choice.from === "--store"
    ? "--store"
    : choice.from === "ALICE_STORE"
      ? "$ALICE_STORE"
      : "the default store";
}

function flagFor(choice: StoreChoice, shown: string): string {
  return choice.from === "--store" ? `--store ${shown}` : "";
}
