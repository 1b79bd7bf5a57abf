/** The clients the benchmark compares, in table order: the floor first. */
export const CLIENT_LABELS = {
  floor: "openai SDK + hand-written loop (floor)",
  "fetch-loop": "plain fetch loop, no SDK (reference)",
  alice: "alice-agents `PromptAgentTask`",
  "alice-built": "alice-agents, built JavaScript (as installed)",
  "ai-sdk": "Vercel AI SDK `generateText`",
  agents: "OpenAI Agents SDK `run` (Chat Completions)",
  "agents-responses": "OpenAI Agents SDK `run` (Responses API, its default)",
  langgraph: "LangGraph.js `createReactAgent`",
  mastra: "Mastra `Agent.generate`",
} as const;

/** A client's name, as given to `clients/measure.ts --client`. */
export type ClientName = keyof typeof CLIENT_LABELS;

/** Every client name, floor first. */
export const CLIENT_NAMES = Object.keys(CLIENT_LABELS) as ClientName[];

/** The peers the targets are about (alice must beat each); the fetch loop is only a reference. */
export const PEERS: readonly ClientName[] = [
  "ai-sdk",
  "agents",
  "agents-responses",
  "langgraph",
  "mastra",
];

export function isClientName(name: string): name is ClientName {
  return Object.hasOwn(CLIENT_LABELS, name);
}
