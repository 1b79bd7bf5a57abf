// The PostgreSQL server the store's tests talk to: the one at 127.0.0.1:5432 (trust auth, user
// postgres, database test) that the project's machines run and .ci/run starts where none is
// running. Each test gets a schema of its own, random, dropped after it.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const POSTGRES_TEST_URL = "postgres://postgres@127.0.0.1:5432/test";

/** A pool for the tests' own SQL (setting up, looking behind the store's back, dropping). */
export function adminPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: POSTGRES_TEST_URL, max: 4 });
  pool.on("error", () => {});
  return pool;
}

/**
 * Fails with how to start a server when none answers: these tests are required (CI runs them),
 * so a missing server is a failure to fix, never a silent skip.
 */
export async function requirePostgres(pool: pg.Pool): Promise<void> {
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    throw new Error(
      `The PostgreSQL run store's tests need a PostgreSQL server at 127.0.0.1:5432 (trust auth for 127.0.0.1, user postgres, database test), and none answered: ${String(error)}.\n` +
        "Start one: `bash .ci/run` does it (Debian's postgresql package), or by hand:\n" +
        "  apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n" +
        "  then allow trust for 127.0.0.1 in pg_hba.conf and `runuser -u postgres -- createdb test`.",
    );
  }
}

/** A new schema name no other test uses: `alice_test_<random>`. */
export function freshSchema(): string {
  return `alice_test_${randomBytes(6).toString("hex")}`;
}

/** Drops the schemas, with everything in them. */
export async function dropSchemas(pool: pg.Pool, schemas: Iterable<string>): Promise<void> {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
