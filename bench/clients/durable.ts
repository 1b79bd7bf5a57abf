/**
 * The durable scenario's clients: the agent of the main benchmark (one tool `add(a, b)`, "What is
 * 2+3?"), in alice-agents as installed (the bundle in bench/.alice-dist-durable, as alice-agent.ts
 * builds it) and in LangGraph.js (`createReactAgent`, as langgraph.ts builds it), run with a store
 * or checkpointer and a fresh run id / thread id per run. Each client also measures what its store
 * holds (SQLite pages, PostgreSQL relation sizes) and counts the store calls of one probe run.
 */
import { DatabaseSync, StatementSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import type { BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { type BaseCheckpointSaver, MemorySaver } from "@langchain/langgraph";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { ChatOpenAI } from "@langchain/openai";
import type * as Alice from "alice-agents";
import type * as AliceOpenAI from "alice-agents/openai";
import type * as AlicePostgres from "alice-agents/postgres";
import pg from "pg";
import { z } from "zod";
import type { Probe, StoredBytes, StoreSettings, Variant } from "../durable-variants.ts";
import {
  INSTRUCTIONS,
  MODEL,
  maxTurns,
  QUESTION,
  TOOL_DESCRIPTION,
  TOOL_NAME,
} from "../scenario.ts";
import type { AddSchema } from "./alice-agent.ts";

export interface DurableClient {
  /** One run with a fresh run id (thread id); resolves to the final text. */
  run(): Promise<string>;
  /** One run with every store call counted, then what it stored; and the run's final text. */
  probe(): Promise<{ probe: Probe; text: string }>;
  /** What the store holds now (SQLite and PostgreSQL only). */
  storedBytes(runs: number): Promise<StoredBytes | undefined>;
  close(): Promise<void>;
}

/** Counts calls of an object's methods (a Proxy; used for the probe run only, never measured). */
function counted<T extends object>(target: T, calls: Record<string, number>): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver);
      if (typeof value !== "function" || typeof key !== "string" || key === "constructor")
        return value;
      return (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/**
 * Counts the SQL statements `work` sends (PostgreSQL queries through pg, node:sqlite and
 * better-sqlite3 statement runs, transactions' BEGIN and COMMIT included) by patching their
 * prototypes for its duration: the bundle, LangGraph's savers and this file share those modules.
 * For the probe run only, never measured.
 */
async function countingStatements<T>(work: () => Promise<T>): Promise<[T, number]> {
  let statements = 0;
  // better-sqlite3 (LangGraph's SqliteSaver) through a scratch saver: its classes are not typed here.
  const scratch = SqliteSaver.fromConnString(":memory:").db;
  const better = Object.getPrototypeOf(scratch.prepare("SELECT 1")) as object;
  const patched: [Record<string, unknown>, string, unknown][] = [];
  const patch = (proto: object, method: string) => {
    const target = proto as Record<string, unknown>;
    const original = target[method] as (...args: unknown[]) => unknown;
    patched.push([target, method, original]);
    target[method] = function (this: unknown, ...args: unknown[]) {
      statements++;
      return original.apply(this, args);
    };
  };
  patch(pg.Client.prototype, "query");
  patch(DatabaseSync.prototype, "exec");
  for (const method of ["run", "get", "all", "iterate"]) patch(StatementSync.prototype, method);
  for (const method of ["run", "get", "all", "iterate"]) patch(better, method);
  patch(Object.getPrototypeOf(scratch) as object, "exec");
  try {
    return [await work(), statements];
  } finally {
    for (const [target, method, original] of patched.reverse()) target[method] = original;
    scratch.close();
  }
}

/** SQLite: pages in use (WAL included: a new connection reads the latest commit) and the files. */
async function sqliteBytes(path: string, runs: number): Promise<StoredBytes> {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const pragma = (name: string) =>
      Number(Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0]);
    const pageSize = pragma("page_size");
    const bytes = (pragma("page_count") - pragma("freelist_count")) * pageSize;
    const tables: Record<string, number> = {};
    try {
      // dbstat is compiled into Node's SQLite; where it is not, the per-table split is left out.
      const rows = db
        .prepare(
          "SELECT coalesce(m.tbl_name, s.name) AS name, sum(s.pgsize) AS bytes FROM dbstat s " +
            "LEFT JOIN sqlite_schema m ON m.name = s.name GROUP BY 1",
        )
        .all() as { name: string; bytes: number }[];
      for (const row of rows) tables[row.name] = Number(row.bytes);
    } catch {
      // no dbstat
    }
    const { statSync } = await import("node:fs");
    const size = (file: string) => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    return { runs, bytes, fileBytes: size(path) + size(`${path}-wal`), tables };
  } finally {
    db.close();
  }
}

/** PostgreSQL: pg_total_relation_size (heap, TOAST, indexes) and the live rows, per table. */
async function postgresBytes(url: string, schema: string, runs: number): Promise<StoredBytes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; total: string }>(
      "SELECT c.relname AS name, pg_total_relation_size(c.oid)::text AS total FROM pg_class c " +
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')",
      [schema],
    );
    const tables: Record<string, number> = {};
    let bytes = 0;
    let liveRowBytes = 0;
    for (const row of rows) {
      tables[row.name] = Number(row.total);
      bytes += Number(row.total);
      const live = await client.query<{ bytes: string | null }>(
        `SELECT sum(pg_column_size(t.*))::text AS bytes FROM "${schema}"."${row.name}" t`,
      );
      liveRowBytes += Number(live.rows[0]?.bytes ?? 0);
    }
    return { runs, bytes, liveRowBytes, tables };
  } finally {
    await client.end();
  }
}

function bytesOf(variant: Variant, settings: StoreSettings, runs: number) {
  if (variant.store === "sqlite") return sqliteBytes(settings.sqlitePath!, runs);
  if (variant.store === "postgres")
    return postgresBytes(settings.postgresUrl!, settings.postgresSchema!, runs);
  return Promise.resolve(undefined);
}

/**
 * Opens alice-agents' SQLite store; with `normal`, its connection's `PRAGMA synchronous = FULL` is
 * rewritten to NORMAL while it opens (node:sqlite is one module: the bundle's `DatabaseSync` is
 * this one). A diagnostic only, never what the store does.
 */
async function openAliceSqlite(
  alice: typeof Alice,
  path: string,
  normal: boolean,
): Promise<Alice.RunStore> {
  if (!normal) return alice.openSqliteRunStore({ path });
  const exec = DatabaseSync.prototype.exec;
  let rewritten = 0;
  DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string) {
    const pragma = /^\s*PRAGMA\s+synchronous\s*=\s*FULL\s*;?\s*$/i;
    if (pragma.test(sql)) rewritten++;
    return exec.call(this, pragma.test(sql) ? "PRAGMA synchronous = NORMAL" : sql);
  };
  try {
    const store = await alice.openSqliteRunStore({ path });
    if (rewritten !== 1)
      throw new Error(`alice-sqlite-normal: ${rewritten} synchronous pragmas rewritten, not 1`);
    return store;
  } finally {
    DatabaseSync.prototype.exec = exec;
  }
}

async function aliceDurable(
  variant: Variant,
  baseURL: string,
  settings: StoreSettings,
): Promise<DurableClient> {
  const dist = pathToFileURL(`${settings.aliceDist}/`);
  const alice = (await import(new URL("index.js", dist).href)) as typeof Alice;
  const openai = (await import(
    new URL("providers/openai/index.js", dist).href
  )) as typeof AliceOpenAI;
  const { AliceAgent, PromptAgentTask, defineTool } = alice;
  // As alice-agent.ts: the same agent, tool and model; only the run options differ.
  const model = openai.createOpenAI({ apiKey: "test", baseURL })(MODEL);
  const add = defineTool({
    name: TOOL_NAME,
    description: TOOL_DESCRIPTION,
    input: z.object({ a: z.number(), b: z.number() }) as unknown as AddSchema,
    execute: ({ a, b }) => a + b,
  });
  const task = new PromptAgentTask({
    taskName: "calc",
    agent: new AliceAgent({
      name: "calc",
      model,
      systemMessage: INSTRUCTIONS,
      stream: false,
      maxToolRounds: maxTurns(1) - 1,
    }),
    templates: { task_template: "{{question}}" },
    tools: [add],
  });
  const inputs = { question: QUESTION };

  let store: Alice.RunStore | undefined;
  const probeSettings: Record<string, string> = {};
  if (variant.store === "memory") store = new alice.MemoryRunStore();
  else if (variant.store === "sqlite") {
    store = await openAliceSqlite(alice, settings.sqlitePath!, variant.synchronousNormal === true);
    const db = new DatabaseSync(settings.sqlitePath!, { readOnly: true });
    probeSettings.journal_mode = String(
      Object.values(db.prepare("PRAGMA journal_mode").get() ?? {})[0],
    );
    db.close();
    // synchronous is per connection: alice-agents sets FULL on its own (sqlite-open.ts).
    probeSettings.synchronous =
      variant.synchronousNormal === true
        ? "NORMAL (its PRAGMA rewritten at open)"
        : "FULL (set by openSqliteRunStore)";
  } else if (variant.store === "postgres") {
    const postgres = (await import(
      new URL("stores/postgres/index.js", dist).href
    )) as typeof AlicePostgres;
    const created = postgres.createPostgresRunStore({
      connectionString: settings.postgresUrl!,
      schema: settings.postgresSchema!,
    });
    await created.migrate();
    store = created;
  }

  const finalText = (response: Alice.TaskResponse) => {
    if (response.status !== "complete")
      throw new Error(`alice: run ended ${response.status}: ${JSON.stringify(response.error)}`);
    return response.taskOutputs as string;
  };
  let next = 0;
  const runWith = async (runStore: Alice.RunStore | undefined) => {
    if (runStore === undefined) return finalText(await task.run(inputs));
    const runId = `run-${process.pid}-${next++}`;
    return { runId, text: finalText(await task.run(inputs, { store: runStore, runId })) };
  };

  return {
    async run() {
      const result = await runWith(store);
      return typeof result === "string" ? result : result.text;
    },
    async probe() {
      const calls: Record<string, number> = {};
      const [result, statements] = await countingStatements(() =>
        runWith(store === undefined ? undefined : counted(store, calls)),
      );
      if (typeof result === "string")
        return { probe: { steps: 0, detail: {}, calls, settings: {} }, text: result };
      if (store === undefined) throw new Error("alice: a run id without a store");
      // Read after the run, outside the counted calls.
      const loaded = await store.loadRun(result.runId);
      const detail: Record<string, number> = {};
      for (const event of loaded?.events ?? []) detail[event.kind] = (detail[event.kind] ?? 0) + 1;
      const probe = { steps: detail.node ?? 0, detail, calls, statements, settings: probeSettings };
      return { probe, text: result.text };
    },
    storedBytes: (runs) => bytesOf(variant, settings, runs),
    close: async () => store?.close(),
  };
}

const textOf = (message: BaseMessage | undefined): string =>
  typeof message?.content === "string" ? message.content : JSON.stringify(message?.content);

async function langgraphDurable(
  variant: Variant,
  baseURL: string,
  settings: StoreSettings,
): Promise<DurableClient> {
  // As langgraph.ts: the same agent, tool and model; only the checkpointer and config differ.
  const llm = new ChatOpenAI({
    model: MODEL,
    apiKey: "test",
    configuration: { baseURL },
  });
  const add = tool(async ({ a, b }) => a + b, {
    name: TOOL_NAME,
    description: TOOL_DESCRIPTION,
    schema: z.object({ a: z.number(), b: z.number() }),
  });
  const probeSettings: Record<string, string> = {
    durability: variant.asAlice === true ? "sync" : "async (the default)",
  };
  let saver: BaseCheckpointSaver | undefined;
  let closeSaver = async () => {};
  if (variant.store === "memory") saver = new MemorySaver();
  else if (variant.store === "sqlite") {
    const sqlite = SqliteSaver.fromConnString(settings.sqlitePath!);
    // Its tables and WAL are made on first use; make them now, outside the measured runs.
    await sqlite.getTuple({ configurable: { thread_id: "setup" } });
    if (variant.asAlice === true) sqlite.db.pragma("synchronous = FULL");
    probeSettings.journal_mode = String(sqlite.db.pragma("journal_mode", { simple: true }));
    const level = Number(sqlite.db.pragma("synchronous", { simple: true }));
    probeSettings.synchronous = ["OFF", "NORMAL", "FULL", "EXTRA"][level] ?? String(level);
    saver = sqlite;
    closeSaver = async () => sqlite.db.close();
  } else if (variant.store === "postgres") {
    const postgres = PostgresSaver.fromConnString(settings.postgresUrl!, {
      schema: settings.postgresSchema!,
    });
    await postgres.setup();
    saver = postgres;
    closeSaver = () => postgres.end();
  }
  const agentWith = (checkpointer: BaseCheckpointSaver | undefined) =>
    createReactAgent({
      llm,
      tools: [add],
      prompt: INSTRUCTIONS,
      ...(checkpointer === undefined ? {} : { checkpointer }),
    });
  const agent = agentWith(saver);
  const recursionLimit = maxTurns(1) * 2 + 1;
  const durability = variant.asAlice === true ? ("sync" as const) : undefined;
  const input = () => ({ messages: [{ role: "user", content: QUESTION }] });
  let next = 0;
  const runWith = async (graph: typeof agent) => {
    const threadId = `thread-${process.pid}-${next++}`;
    const config =
      saver === undefined
        ? { recursionLimit }
        : {
            recursionLimit,
            configurable: { thread_id: threadId },
            ...(durability === undefined ? {} : { durability }),
          };
    const state = await graph.invoke(input(), config);
    return { threadId, text: textOf(state.messages.at(-1)) };
  };

  return {
    async run() {
      return (await runWith(agent)).text;
    },
    async probe() {
      const calls: Record<string, number> = {};
      if (saver === undefined) {
        const { text } = await runWith(agent);
        return { probe: { steps: 0, detail: {}, calls, settings: {} }, text };
      }
      const checkpointer = counted(saver, calls);
      const [{ threadId, text }, statements] = await countingStatements(() =>
        runWith(agentWith(checkpointer)),
      );
      // "async" durability writes behind the run: let the last writes land before counting.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const detail: Record<string, number> = {};
      let steps = 0;
      for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
        steps++;
        for (const [, channel] of tuple.pendingWrites ?? [])
          detail[`write:${channel}`] = (detail[`write:${channel}`] ?? 0) + 1;
      }
      return { probe: { steps, detail, calls, statements, settings: probeSettings }, text };
    },
    storedBytes: (runs) => bytesOf(variant, settings, runs),
    close: closeSaver,
  };
}

export async function createDurableClient(
  variant: Variant,
  baseURL: string,
  settings: StoreSettings,
): Promise<DurableClient> {
  return variant.framework === "alice"
    ? aliceDurable(variant, baseURL, settings)
    : langgraphDurable(variant, baseURL, settings);
}
