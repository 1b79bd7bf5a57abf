/**
 * A child process for test/stores/sqlite-run-store.test.ts (not a test file itself).
 *   node test/stores/sqlite-worker.ts race <path> <id> <startAt> <rounds>
 *     waits until startAt (epoch ms) so the processes open the new file together (the migration
 *     race), creates its own run and tries to create "shared", then appends to "shared" rounds
 *     times, each time from the version it just loaded; prints { created, won, lost } as JSON.
 *   node test/stores/sqlite-worker.ts lazy
 *     imports the package root, then opens the default store in the working directory; prints
 *     whether node:sqlite was loaded after each step.
 */
import { setTimeout as delay } from "node:timers/promises";

const [mode, ...args] = process.argv.slice(2);

const sqliteLoaded = (): boolean =>
  (process as unknown as { moduleLoadList: string[] }).moduleLoadList.some((m) =>
    m.includes("sqlite"),
  );

if (mode === "lazy") {
  await import("../../src/index.ts");
  const afterImport = sqliteLoaded();
  const { openSqliteRunStore } = await import("../../src/stores/sqlite-run-store.ts");
  const store = await openSqliteRunStore();
  await store.createRun({ runId: "r", taskName: "t", status: "running", snapshot: null });
  await store.close();
  console.log(JSON.stringify({ afterImport, afterOpen: sqliteLoaded() }));
} else if (mode === "race") {
  const [path, id, startAt, rounds] = args as [string, string, string, string];
  await delay(Math.max(0, Number(startAt) - Date.now()));
  const { openSqliteRunStore } = await import("../../src/stores/sqlite-run-store.ts");
  const store = await openSqliteRunStore({ path, busyTimeoutMs: 30_000 });
  const run = { taskName: "race", status: "running", snapshot: { by: id } } as const;
  await store.createRun({ runId: `own-${id}`, ...run });
  let created = true;
  try {
    await store.createRun({ runId: "shared", ...run });
  } catch (error) {
    if ((error as { code?: string }).code !== "RUN_CONFLICT") throw error;
    created = false;
  }
  let won = 0;
  let lost = 0;
  for (let i = 0; i < Number(rounds); i++) {
    const loaded = await store.loadRun("shared");
    try {
      await store.appendRun("shared", {
        expectedVersion: loaded!.run.version,
        fencingToken: 0,
        events: [{ kind: "node", data: { by: id, i } }],
        snapshot: { by: id, i },
        status: "running",
      });
      won++;
    } catch (error) {
      if ((error as { code?: string }).code !== "RUN_CONFLICT") throw error;
      lost++;
    }
  }
  await store.close();
  console.log(JSON.stringify({ id, created, won, lost }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
