/** The quoted, schema-qualified names of a PostgreSQL run store's tables. */
export interface PostgresTables {
  /** The schema, quoted: `"alice"`. */
  schema: string;
  runs: string;
  events: string;
  journal: string;
  migrations: string;
  /** The sequence of fencing tokens. */
  leaseTokens: string;
  /** An index name inside the schema, unqualified and quoted: `index("runs_updated")`. */
  index(name: string): string;
  /** What the migrations' advisory lock is keyed on: the schema and the prefix. */
  lockName: string;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** PostgreSQL cuts identifiers at 63 bytes; the longest name made is the prefix + "runs_thread_idx". */
const MAX_IDENTIFIER = 63;
const LONGEST_SUFFIX = "runs_thread_idx".length;

/** What is wrong with a schema name or table prefix, or nothing. */
export function tableNameProblems(schema: unknown, prefix: unknown): string[] {
  const problems: string[] = [];
  if (typeof schema !== "string" || !SCHEMA_NAME.test(schema) || schema.length > MAX_IDENTIFIER)
    problems.push(
      `schema must be a name of letters, digits and underscores (not starting with a digit), at most ${MAX_IDENTIFIER} characters; got ${JSON.stringify(schema)}`,
    );
  if (
    prefix !== "" &&
    (typeof prefix !== "string" ||
      !PREFIX.test(prefix) ||
      prefix.length + LONGEST_SUFFIX > MAX_IDENTIFIER)
  )
    problems.push(
      `tablePrefix must be letters, digits and underscores (not starting with a digit), at most ${MAX_IDENTIFIER - LONGEST_SUFFIX} characters; got ${JSON.stringify(prefix)}`,
    );
  return problems;
}

/** The names, for a schema and prefix already checked by `tableNameProblems`. */
export function postgresTables(schema: string, prefix: string): PostgresTables {
  const quotedSchema = `"${schema}"`;
  const table = (name: string) => `${quotedSchema}."${prefix}${name}"`;
  return {
    schema: quotedSchema,
    runs: table("runs"),
    events: table("run_events"),
    journal: table("run_journal"),
    migrations: table("migrations"),
    leaseTokens: table("lease_tokens"),
    index: (name) => `"${prefix}${name}"`,
    lockName: `alice-agents run store ${schema}.${prefix}`,
  };
}
