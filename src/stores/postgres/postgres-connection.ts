import { AliceError } from "../../errors/alice-error.ts";
import { describeThrown } from "../../errors/describe-thrown.ts";
import { redactSecrets } from "../../errors/redact-secrets.ts";

/** The part of a `pg` client the store uses (a `PoolClient` of `pg`). */
export interface PostgresClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /** Gives the client back; with an error, the pool closes it instead. */
  release(error?: Error | boolean): void;
}

/** The part of a `pg` `Pool` the store uses; a `pg.Pool` is one. */
export interface PostgresPool {
  connect(): Promise<PostgresClient>;
}

/** Where the store connects, for messages: never the password. */
export interface PostgresEndpoint {
  /** `127.0.0.1:5432/test` */
  where: string;
  /** Hidden from every message, should a driver ever print it. */
  secrets: string[];
}

/** The endpoint a connection string or pool settings name (host, port, database). */
export function postgresEndpoint(settings: {
  connectionString?: unknown;
  host?: unknown;
  port?: unknown;
  database?: unknown;
  password?: unknown;
}): PostgresEndpoint {
  const found: Record<string, string | undefined> = {
    host: text(settings.host),
    port: text(settings.port),
    database: text(settings.database),
    password: text(settings.password),
  };
  const connectionString = text(settings.connectionString);
  if (connectionString !== undefined) Object.assign(found, parseConnectionString(connectionString));
  const host = found.host ?? process.env.PGHOST ?? "localhost";
  const port = found.port ?? process.env.PGPORT ?? "5432";
  const database = found.database === undefined ? "" : `/${found.database}`;
  const where = host.startsWith("/") ? `${host}${database}` : `${host}:${port}${database}`;
  return { where, secrets: found.password === undefined ? [] : [found.password] };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== ""
    ? value
    : typeof value === "number"
      ? String(value)
      : undefined;
}

/** `postgres://user:pw@host:port/db?host=…` or libpq's `host=… port=… dbname=…`. */
function parseConnectionString(value: string): Record<string, string> {
  const found: Record<string, string> = {};
  const put = (key: string, raw: string | null | undefined) => {
    if (raw !== null && raw !== undefined && raw !== "") found[key] = raw;
  };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      put("host", decodeURIComponent(url.hostname.replace(/^\[|\]$/g, "")));
      put("port", url.port);
      put("database", decodeURIComponent(url.pathname.slice(1)));
      put("password", decodeURIComponent(url.password));
      put("host", url.searchParams.get("host"));
      put("port", url.searchParams.get("port"));
    } catch {
      // Not a URL after all: the defaults stand, and the redaction of URL passwords still runs.
    }
    return found;
  }
  for (const [, key = "", quoted, bare] of value.matchAll(
    /(\w+)\s*=\s*(?:'((?:\\.|[^'])*)'|(\S+))/g,
  )) {
    const raw = quoted?.replace(/\\(.)/g, "$1") ?? bare;
    put(key === "dbname" ? "database" : key, raw);
  }
  return found;
}

/** Node's codes for a server that cannot be reached. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ENOENT",
]);

/**
 * True for an error that means the connection, not the statement, failed: a network code, a
 * connection timeout or termination, or a PostgreSQL error of class 08 (connection), 28
 * (authorization), 3D000 (no such database) or 57P (the server is shutting down or starting).
 */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (UNREACHABLE.has(code) || /^(08|28|3D000|57P0)/.test(code)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  const message = error instanceof Error ? error.message : "";
  return /connection terminated|timeout (expired|exceeded) when trying to connect|connection timeout/i.test(
    message,
  );
}

/** A driver error as `RUN_STORE_FAILED`, naming the server for connection errors, with secrets hidden. */
export function storeFailure(what: string, error: unknown, endpoint: PostgresEndpoint): AliceError {
  if (AliceError.isInstance(error)) return error;
  const detail = describeDriverError(error);
  const message = isConnectionError(error)
    ? `PostgreSQL run store: cannot use the server at ${endpoint.where} (${what}): ${detail}. Check that PostgreSQL runs there and that the connection string's host, port, database and credentials are right.`
    : `PostgreSQL run store: ${what} failed: ${detail}`;
  return new AliceError("RUN_STORE_FAILED", redactSecrets(message, { secrets: endpoint.secrets }), {
    cause: error,
  });
}

/** The message, else the codes (an AggregateError of a refused IPv4 and IPv6 connect has none). */
function describeDriverError(error: unknown): string {
  const described = describeThrown(error);
  if (!/^(AggregateError: )?$/.test(described)) return described;
  const codes =
    error instanceof AggregateError
      ? error.errors.map((inner) => describeThrown(inner))
      : [String((error as { code?: unknown }).code ?? "unknown error")];
  return [...new Set(codes)].join("; ");
}

/**
 * Runs `work` with a client of the pool, giving it back after. When `signal` aborts, the call
 * rejects at once with `signal.reason`: the running statement is cancelled on the server
 * (best effort) and the client is closed rather than reused, so an open transaction rolls back.
 * A client whose work failed other than by a store error of ours (which ends its transaction
 * first) is closed too, since it may be broken.
 */
export async function withClient<T>(
  pool: PostgresPool,
  endpoint: PostgresEndpoint,
  what: string,
  signal: AbortSignal | undefined,
  work: (client: PostgresClient) => Promise<T>,
): Promise<T> {
  signal?.throwIfAborted();
  const connecting = pool.connect();
  let client: PostgresClient;
  try {
    client = await abortable(connecting, signal, () => {
      connecting.then(
        (late) => late.release(),
        () => {},
      );
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw storeFailure(what, error, endpoint);
  }
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  let aborted = false;
  try {
    const result = await abortable(work(client), signal, () => {
      aborted = true;
      void cancelBackend(pool, client).then(() => release(new Error("aborted")));
    });
    release();
    return result;
  } catch (error) {
    // The abort handed the client to cancelBackend, which closes it.
    if (aborted) throw error;
    release(AliceError.isInstance(error) ? undefined : toError(error));
    throw storeFailure(what, error, endpoint);
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(describeThrown(error));
}

/** Settles like `work`, or rejects with `signal.reason` as soon as it aborts (`work` runs on). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return abortable(work, signal, () => {});
}

/** Settles like `work`, or rejects with `signal.reason` as soon as it aborts (after `onAbort`). */
function abortable<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => void,
): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(signal.reason);
    };
    if (signal.aborted) {
      work.catch(() => {});
      abort();
      return;
    }
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

/**
 * Asks the server to stop the client's running statement, from another connection of the pool,
 * within `CANCEL_WAIT_MS`; never throws. The aborted client stays checked out meanwhile, so its
 * backend (and so its process id) cannot be another session's yet.
 */
async function cancelBackend(pool: PostgresPool, client: PostgresClient): Promise<void> {
  const pid = (client as { processID?: unknown }).processID;
  if (typeof pid !== "number") return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CANCEL_WAIT_MS);
  });
  const cancelled = pool.connect().then(
    (other) =>
      other.query("SELECT pg_cancel_backend($1)", [pid]).then(
        () => other.release(),
        (error: unknown) => other.release(toError(error)),
      ),
    () => {},
  );
  await Promise.race([cancelled, gaveUp]);
  clearTimeout(timer);
}

const CANCEL_WAIT_MS = 2_000;
