/**
 * alice-agents from its TypeScript sources (`--conditions=alice-source`), as the repo runs it.
 * zod is imported from the copy the library itself resolves: `file:..` links the library with
 * its own node_modules, where a real install would share one zod with the app.
 */
import * as alice from "alice-agents";
import * as openai from "alice-agents/openai";
import { z } from "../../node_modules/zod/index.js";
import { type AddSchema, aliceClient } from "./alice-agent.ts";
import type { AgentClient, ClientOptions } from "./client.ts";

export function createClient(options: ClientOptions): AgentClient {
  const addSchema = z.object({ a: z.number(), b: z.number() }) as unknown as AddSchema;
  return aliceClient({ alice, openai, addSchema }, options);
}
