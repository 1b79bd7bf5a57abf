/**
 * alice-agents as a user installs it: the bundled JavaScript `npm run build` makes (`npm run bench`
 * builds it into bench/.alice-dist first), with the bench's own zod and openai like any app's
 * dependencies.
 */
import type * as Alice from "alice-agents";
import type * as AliceOpenAI from "alice-agents/openai";
import { z } from "zod";
import { type AddSchema, aliceClient } from "./alice-agent.ts";
import type { AgentClient, ClientOptions } from "./client.ts";

const dist = new URL("../.alice-dist/", import.meta.url);

export async function createClient(options: ClientOptions): Promise<AgentClient> {
  const alice = (await import(new URL("index.js", dist).href)) as typeof Alice;
  const openai = (await import(
    new URL("providers/openai/index.js", dist).href
  )) as typeof AliceOpenAI;
  // The build is typed by the sources; at run time it shares the bench's zod (same version).
  const addSchema = z.object({ a: z.number(), b: z.number() }) as unknown as AddSchema;
  return aliceClient({ alice, openai, addSchema }, options);
}
