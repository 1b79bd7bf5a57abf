/**
 * Cold start of one client in a fresh process: import of the client module (the framework)
 * and its first run, checked.   node --conditions=alice-source clients/cold.ts <client> <baseURL>
 */
import { isClientName } from "../client-names.ts";
import { type ColdResult, report } from "../measurements.ts";
import { checkFinalText } from "../scenario.ts";
import { loadClient } from "./registry.ts";

const bootMs = performance.now();
const [name = "", baseURL = ""] = process.argv.slice(2);
if (!isClientName(name)) throw new Error(`unknown client ${JSON.stringify(name)}`);
const createClient = await loadClient(name);
const client = await createClient({ baseURL });
const imported = performance.now();
checkFinalText(name, await client.run());
const done = performance.now();

const result: ColdResult = {
  client: name,
  bootMs,
  importMs: imported - bootMs,
  firstRunMs: done - imported,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
report(result);
