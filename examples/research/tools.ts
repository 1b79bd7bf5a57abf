// The library the research workflow searches: a handful of documents, so the example runs
// anywhere. Swap `search` for a real search API in your own workflow; the task file names it.
import { defineTool } from "alice-agents";
import { z } from "zod";

interface Document {
  title: string;
  kind: "peer-reviewed study" | "blog post" | "news article";
  summary: string;
}

const LIBRARY: readonly Document[] = [
  {
    title: "Bees in Trouble (Garden Blog, 2024)",
    kind: "blog post",
    summary: "A gardener's account of fewer bees in spring, blaming pesticides.",
  },
  {
    title: "Goulson et al., Bee declines driven by combined stress (Science, 2015)",
    kind: "peer-reviewed study",
    summary:
      "Habitat loss, pesticides and parasites act together; no single cause explains the declines.",
  },
  {
    title: "Potts et al., Global pollinator declines (Trends in Ecology & Evolution, 2010)",
    kind: "peer-reviewed study",
    summary: "Reviews evidence of declines in wild and managed pollinators and their drivers.",
  },
  {
    title: "Ramsey et al., Varroa destructor feeds on fat body tissue (PNAS, 2019)",
    kind: "peer-reviewed study",
    summary: "The varroa mite weakens honeybees by feeding on fat body tissue, not only blood.",
  },
  {
    title: "Why are the bees dying? (City News, 2023)",
    kind: "news article",
    summary: "Interviews with beekeepers about winter colony losses.",
  },
];

/** Searches the library; a query mentioning "peer" or "study" returns only peer-reviewed studies. */
export const search = defineTool({
  name: "search",
  description:
    "Searches the research library. Returns matching documents with their kind and a summary.",
  input: z.object({ query: z.string().min(2).describe("What to look for") }),
  execute: ({ query }) => {
    const words = query
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => w.length > 2);
    const strict = /peer|study|studies|reviewed/i.test(query);
    return LIBRARY.filter((doc) => !strict || doc.kind === "peer-reviewed study")
      .filter((doc) => words.some((w) => `${doc.title} ${doc.summary}`.toLowerCase().includes(w)))
      .slice(0, strict ? 3 : 2);
  },
});
