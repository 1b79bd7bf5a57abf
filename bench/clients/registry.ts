/** Loads one client module by name, so a process imports only the framework it measures. */
import type { ClientName } from "../client-names.ts";
import type { CreateClient } from "./client.ts";

const loaders: Record<ClientName, () => Promise<{ createClient: CreateClient }>> = {
  floor: () => import("./floor.ts"),
  "fetch-loop": () => import("./fetch-loop.ts"),
  alice: () => import("./alice.ts"),
  "alice-built": () => import("./alice-built.ts"),
  "ai-sdk": () => import("./ai-sdk.ts"),
  agents: () => import("./agents.ts"),
  "agents-responses": () => import("./agents-responses.ts"),
  langgraph: () => import("./langgraph.ts"),
  mastra: () => import("./mastra.ts"),
};

export async function loadClient(name: ClientName): Promise<CreateClient> {
  return (await loaders[name]()).createClient;
}
