// `npm start`: the research workflow through `alice run`. With OPENAI_API_KEY, ANTHROPIC_API_KEY,
// OPENAI_BASE_URL (a local OpenAI-compatible server) or ALICE_MODEL it calls that model; with none
// it runs offline, answered by the scripted model in offline.json, and says so first.
import { main } from "../../src/cli/main.ts";

const env = process.env;
const online = Boolean(
  env.ALICE_MODEL || env.OPENAI_API_KEY || env.OPENAI_BASE_URL || env.ANTHROPIC_API_KEY,
);
const args = [
  "run",
  "examples/research/research.workflow.yaml",
  "--input",
  "topic=why bee populations are declining",
  "--tools",
  "examples/research/tools.ts",
  "--verbose",
];
if (!online) args.push("--mock", "examples/research/offline.json");
else if (!env.ALICE_MODEL && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL)
  args.push("--model", "anthropic:claude-haiku-4-5");

process.exitCode = await main(args);
