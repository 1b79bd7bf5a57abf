import { MemoryRunStore, setMemoryRunSchemaVersion } from "../../src/stores/memory-run-store.ts";
import { runStoreConformance } from "./run-store-conformance.ts";

runStoreConformance("memory", ({ now }) => new MemoryRunStore({ now }), {
  setSchemaVersion: (store, runId, schemaVersion) =>
    setMemoryRunSchemaVersion(store as MemoryRunStore, runId, schemaVersion),
  storedBytes: (store) => (store as MemoryRunStore).storedBytes(),
});
