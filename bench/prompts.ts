/**
 * Prompt rendering benchmark: the first compile + render of a realistic ~5 KB `.prompt` file
 * against a render of the cached template. Run with `npm run bench:prompts`.
 */
import { join } from "node:path";
import { loadPrompt, Prompt, PromptEnvironment } from "alice-agents";

const file = join(import.meta.dirname, "..", "examples", "prompts", "support-agent.prompt");
const loaded = await loadPrompt(file);
const definition = loaded.toJSON();
const inputs = {
  company: "Acme Outdoor",
  customer: { name: "Sam Rivera", tier: "PRO", language: "English" },
  ticket: {
    subject: "Where is my tent?",
    body: "I ordered a tent two weeks ago and it still has not arrived. Can you check? <Order #1042>",
    channel: "EMAIL",
  },
  orders: [
    {
      id: "1042",
      date: "2026-11-02",
      total: 249.9,
      status: "SHIPPED",
      items: ["Tent 3P", "Stakes"],
    },
    { id: "0977", date: "2026-09-14", total: 39.5, status: "DELIVERED", items: ["Headlamp"] },
  ],
  articles: [
    {
      title: "Tracking your order",
      url: "https://help.acme.test/tracking",
      summary: "Where to find tracking links.",
    },
  ],
  policies: ["Offer free expedited shipping on a re-sent order."],
};

const size = definition.content.length + Object.values(definition.partials ?? {}).join("").length;

function time(runs: number, fn: () => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

// A fresh environment has an empty cache, so each construction compiles (eagerly, at load).
const firstCompile = () =>
  new Prompt({ ...definition, environment: new PromptEnvironment() }).messages(inputs);
const coldest = time(1, firstCompile)[0] ?? Number.NaN;
const compiles = time(200, firstCompile);

const environment = new PromptEnvironment();
const cached = new Prompt({ ...definition, environment });
const rebuild = () => new Prompt({ ...definition, environment }).messages(inputs);
time(2_000, () => cached.messages(inputs)); // warm-up
const renders = time(20_000, () => cached.messages(inputs));
const rebuilds = time(2_000, rebuild);

const rows: [string, number][] = [
  ["first compile + render (cold process)", coldest],
  ["compile + render (fresh cache, median of 200)", median(compiles)],
  ["new Prompt on a cache hit + render (median of 2,000)", median(rebuilds)],
  ["cached render (median of 20,000)", median(renders)],
];
console.log(
  `Prompt benchmark: ${file.split("/").slice(-2).join("/")} (${size} characters with its partial)`,
);
console.log(`node ${process.version}, ${process.platform} ${process.arch}\n`);
console.log(`| step | time |\n|---|---|`);
for (const [name, ms] of rows)
  console.log(`| ${name} | ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`} |`);
console.log(
  `\ncompile + render / cached render: ${(median(compiles) / median(renders)).toFixed(0)}×`,
);
console.log(`(environment stats: ${JSON.stringify(environment.stats())})`);
